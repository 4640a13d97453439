import { ConfigReader } from '@backstage/config';
import { readConfigAssignments } from './configAssignments';

describe('readConfigAssignments', () => {
  it('normalises refs, defaulting to groups in the default namespace', () => {
    const config = new ConfigReader({
      atrium: {
        roles: {
          admin: ['Platform-Admins', 'user:default/margaret'],
          devops: ['group:ops/sre'],
        },
      },
    });
    expect(readConfigAssignments(config)).toEqual([
      { subjectRef: 'group:default/platform-admins', role: 'admin' },
      { subjectRef: 'user:default/margaret', role: 'admin' },
      { subjectRef: 'group:ops/sre', role: 'devops' },
    ]);
  });

  it('names the config key of a ref that is not a user or group', () => {
    const config = new ConfigReader({
      atrium: { roles: { devops: ['component:default/jupyterhub'] } },
    });
    expect(() => readConfigAssignments(config)).toThrow(
      "atrium.roles.devops[0] is 'component:default/jupyterhub': roles are given to users and groups only",
    );
  });

  it('grants nothing when atrium.roles is absent', () => {
    expect(readConfigAssignments(new ConfigReader({}))).toEqual([]);
  });
});
