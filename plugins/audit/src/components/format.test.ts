import { actorRef, startOfLocalDay, toFilter, emptyForm } from './format';

describe('format', () => {
  it('turns days into local day bounds, "to" included', () => {
    expect(startOfLocalDay('2026-11-01')).toBe(
      new Date(2026, 10, 1).toISOString(),
    );
    expect(startOfLocalDay('2026-11-30', 1)).toBe(
      new Date(2026, 11, 1).toISOString(),
    );
    expect(startOfLocalDay('')).toBeUndefined();
    expect(startOfLocalDay('yesterday')).toBeUndefined();
  });

  it('reads a bare actor name as a user ref', () => {
    expect(actorRef(' ada ')).toBe('user:default/ada');
    expect(actorRef('team-a/ada')).toBe('user:team-a/ada');
    expect(actorRef('plugin:catalog')).toBe('plugin:catalog');
    expect(actorRef('')).toBe('');
  });

  it('leaves empty fields out of the filter', () => {
    expect(toFilter(emptyForm)).toEqual({});
    expect(
      toFilter({
        ...emptyForm,
        plugin: 'roles',
        status: 'failed',
        actor: 'ada',
        to: '2026-11-30',
        search: ' gpu ',
      }),
    ).toEqual({
      plugin: 'roles',
      status: 'failed',
      actor: 'user:default/ada',
      to: new Date(2026, 11, 1).toISOString(),
      search: 'gpu',
    });
  });
});
