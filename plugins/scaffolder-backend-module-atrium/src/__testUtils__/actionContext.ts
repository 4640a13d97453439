import type {
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { UserEntity } from '@backstage/catalog-model';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ada } from './testCatalog';

export const adaEntity: UserEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'ada' },
  spec: {
    profile: { displayName: 'Ada Lovelace', email: 'ada@example.org' },
    memberOf: ['team-vision'],
  },
};

/** The teams sign-in gives each person; margaret is an admin. */
const teams: Record<string, string[]> = {
  'user:default/ada': ['group:default/team-vision'],
  'user:default/margaret': ['group:default/platform-admins'],
};
const userInfo: UserInfoService = {
  async getUserInfo(credentials) {
    const ref = (credentials.principal as { userEntityRef: string })
      .userEntityRef;
    return {
      userEntityRef: ref,
      ownershipEntityRefs: [ref, ...(teams[ref] ?? [])],
    };
  },
};
/** Atrium's policy for the admin permission: admins (platform-admins) only. */
const permissions = {
  async authorize(requests, { credentials }) {
    const ref = (credentials.principal as { userEntityRef?: string })
      .userEntityRef;
    const admin = teams[ref ?? '']?.includes('group:default/platform-admins');
    return requests.map(() => ({ result: admin ? 'ALLOW' : 'DENY' }));
  },
} as PermissionsService;
/** What actions deciding whose teams the initiator acts for are given. */
export const who = { userInfo, permissions };

/** A mock action context (as ada unless told), with the outputs collected in an object. */
export function contextFor<T extends Record<string, any>>(
  input: T,
  workspacePath?: string,
  run: {
    user?: string;
    taskId?: string;
    logger?: LoggerService;
    signal?: AbortSignal;
  } = {},
) {
  const userRef = `user:default/${run.user ?? 'ada'}`;
  const outputs: Record<string, unknown> = {};
  // createMockActionContext takes neither credentials nor an output function.
  const ctx = {
    ...createMockActionContext({
      input,
      workspacePath,
      user: {
        ref: userRef,
        entity: userRef === 'user:default/ada' ? adaEntity : undefined,
      },
      task: { id: run.taskId ?? 'task-1' },
      ...(run.logger ? { logger: run.logger } : {}),
    }),
    ...(run.signal ? { signal: run.signal } : {}),
    getInitiatorCredentials: async () =>
      userRef === 'user:default/ada' ? ada : mockCredentials.user(userRef),
    output: (name: string | number | symbol, value: unknown) => {
      outputs[String(name)] = value;
    },
  };
  return { ctx, outputs };
}
