import { ConfigReader } from '@backstage/config';
import { policyFor, readIdlePolicies } from './idlePolicies';

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

describe("Nebari's idle_culler as the default policy", () => {
  const read = (idleCulling: object) =>
    readIdlePolicies(new ConfigReader({ workspaces: { idleCulling } }));

  it("derives the default from the keys given, with Nebari's defaults for the rest", () => {
    // nebari-dev/nebari-docs docs/classic/explanations/advanced-configuration.md:
    // terminal, kernel and server timeouts of 30 minutes.
    expect(
      read({
        idle_culler: {
          terminal_cull_inactive_timeout: 30,
          kernel_cull_idle_timeout: 30,
          server_shutdown_no_activity_timeout: 30,
        },
      }),
    ).toEqual([{ idleTimeoutMinutes: 60 }]);
    // docs/classic/how-tos/nebari-idle-culler.md: only the kernel timeout changed.
    expect(read({ idle_culler: { kernel_cull_idle_timeout: 30 } })).toEqual([
      { idleTimeoutMinutes: 45 },
    ]);
    expect(read({ idle_culler: {} })).toEqual([{ idleTimeoutMinutes: 30 }]);
  });

  it('sets no default when the server never shuts itself down', () => {
    expect(
      read({ idle_culler: { server_shutdown_no_activity_timeout: 0 } }),
    ).toEqual([]);
  });

  it('leaves an explicit default policy and the specific ones in place', () => {
    const configured = [
      { idleTimeoutMinutes: 10 },
      { profile: 'gpu', idleTimeoutMinutes: 5 },
    ];
    expect(read({ policies: configured, idle_culler: {} })).toEqual(
      configured.map(p => expect.objectContaining(p)),
    );
    const specificOnly = read({
      policies: [{ group: 'team-vision', idleTimeoutMinutes: 120 }],
      idle_culler: { server_shutdown_no_activity_timeout: 20 },
    });
    expect(specificOnly).toHaveLength(2);
    expect(specificOnly[1]).toEqual({ idleTimeoutMinutes: 35 });
    expect(policyFor(specificOnly, { profile: 'small' }, [])).toEqual({
      idleTimeoutMinutes: 35,
      maxAgeHours: undefined,
    });
  });

  it('stops the start on a malformed key, naming it', () => {
    expect(() =>
      read({ idle_culler: { kernel_cull_idle_timeout: 'soon' } }),
    ).toThrow(
      'Invalid workspaces.idleCulling.idle_culler.kernel_cull_idle_timeout: Expected number, received string',
    );
    expect(() => read({ idle_culler: { kernel_cul_idle_timeout: 5 } })).toThrow(
      "Invalid workspaces.idleCulling.idle_culler.kernel_cul_idle_timeout: Unrecognized key(s) in object: 'kernel_cul_idle_timeout'",
    );
  });
});
