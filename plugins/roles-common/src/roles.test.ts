import { resolveRole } from './roles';

describe('resolveRole', () => {
  const assignments = [
    { subjectRef: 'group:default/platform-admins', role: 'admin' as const },
    { subjectRef: 'group:default/platform-ops', role: 'devops' as const },
    { subjectRef: 'user:default/linus', role: 'devops' as const },
  ];

  it('gives admin to a member of an admin group, even when also devops', () => {
    expect(
      resolveRole(
        [
          'user:default/margaret',
          'group:default/platform-admins',
          'group:default/platform-ops',
        ],
        assignments,
      ),
    ).toBe('admin');
  });

  it('gives devops to a user assigned directly, matching refs case-insensitively', () => {
    expect(resolveRole(['user:default/Linus'], assignments)).toBe('devops');
  });

  it('gives data-scientist to everyone else', () => {
    expect(
      resolveRole(
        ['user:default/ada', 'group:default/team-vision'],
        assignments,
      ),
    ).toBe('data-scientist');
    expect(resolveRole([], assignments)).toBe('data-scientist');
  });
});
