import { policyFor } from './idlePolicies';

const policies = [
  { idleTimeoutMinutes: 30 },
  { group: 'team-vision', idleTimeoutMinutes: 60 },
  { group: 'team-genomics', idleTimeoutMinutes: 120, maxAgeHours: 24 },
  { profile: 'gpu', idleTimeoutMinutes: 15, maxAgeHours: 8 },
  { profile: 'gpu', group: 'team-vision', idleTimeoutMinutes: 20 },
];

describe('policyFor', () => {
  it('applies the most specific matching policy', () => {
    expect(policyFor(policies, { profile: 'small' }, [])).toEqual({
      idleTimeoutMinutes: 30,
    });
    expect(policyFor(policies, { profile: 'small' }, ['team-vision'])).toEqual({
      idleTimeoutMinutes: 60,
    });
    expect(policyFor(policies, { profile: 'gpu' }, ['team-genomics'])).toEqual({
      idleTimeoutMinutes: 15,
      maxAgeHours: 8,
    });
    expect(policyFor(policies, { profile: 'gpu' }, ['team-vision'])).toEqual({
      idleTimeoutMinutes: 20,
    });
  });

  it('gives a member of several groups the most lenient of their group policies', () => {
    expect(
      policyFor(policies, { profile: 'small' }, [
        'team-vision',
        'team-genomics',
      ]),
    ).toEqual({
      idleTimeoutMinutes: 120,
      maxAgeHours: undefined,
    });
  });

  it('has no limits without policies', () => {
    expect(policyFor([], { profile: 'gpu' }, ['team-vision'])).toEqual({});
  });
});
