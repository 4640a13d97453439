import { ResponseError } from '@backstage/errors';
import type {
  AccessMatrixRow,
  AccessRequest,
  DataGrant,
  DataSource,
  DataSourceDetails,
} from '@internal/plugin-data-access-common';
import type { DataAccessApi } from '../api';

export const visionFolder: DataSource = {
  ref: 'resource:default/team-vision-shared',
  name: 'team-vision-shared',
  title: 'Vision shared folder',
  type: 'shared-folder',
  owner: 'group:default/team-vision',
  spec: {
    sensitivity: 'internal',
    volume: { persistentVolumeClaim: { claimName: 'shared-vision' } },
    mountPath: '/shared/team-vision',
  },
};

export const clinicalTrials: DataSource = {
  ref: 'resource:default/clinical-trials-2026',
  name: 'clinical-trials-2026',
  type: 'database',
  owner: 'group:default/team-genomics',
  spec: {
    sensitivity: 'restricted',
    database: {
      host: 'pg.data.svc',
      port: 5432,
      name: 'trials',
      secretName: 'clinical-trials-credentials',
    },
  },
};

export function grant(overrides: Partial<DataGrant> = {}): DataGrant {
  return {
    id: 'g1',
    source: clinicalTrials.ref,
    subject: 'group:default/team-genomics',
    access: 'read-write',
    expiresAt: null,
    grantedBy: 'user:default/margaret',
    grantedAt: '2026-11-02T09:00:00.000Z',
    endedAt: null,
    endedBy: null,
    endReason: null,
    requestId: null,
    ...overrides,
  };
}

export function accessRequest(
  overrides: Partial<AccessRequest> = {},
): AccessRequest {
  return {
    id: 'r1',
    source: clinicalTrials.ref,
    requester: 'user:default/ada',
    forGroup: null,
    access: 'read',
    reason: 'Train the trial-outcome model',
    expiresAt: '2027-03-31T00:00:00.000Z',
    status: 'pending',
    createdAt: '2026-12-04T10:00:00.000Z',
    decisions: [],
    grantId: null,
    ...overrides,
  };
}

export const matrixRows: AccessMatrixRow[] = [
  {
    source: visionFolder,
    grants: [
      grant({
        id: 'implicit-vision',
        source: visionFolder.ref,
        subject: 'group:default/team-vision',
        implicit: true,
      }),
    ],
    canManage: false,
    myAccess: 'read-write',
  },
  {
    source: clinicalTrials,
    grants: [
      grant(),
      grant({
        id: 'g2',
        subject: 'user:default/katherine',
        access: 'read',
        expiresAt: '2027-02-01T00:00:00.000Z',
      }),
    ],
    canManage: true,
    myAccess: null,
  },
];

export function sourceDetails(
  overrides: Partial<DataSourceDetails> = {},
): DataSourceDetails {
  return {
    source: clinicalTrials,
    grants: [grant()],
    pastGrants: [],
    myAccess: null,
    canManage: false,
    requests: [],
    ...overrides,
  };
}

/** A data-access API answering from the fixtures; every method a jest mock. */
export function mockDataAccessApi(
  overrides: Partial<DataAccessApi> = {},
): jest.Mocked<DataAccessApi> {
  const api: DataAccessApi = {
    getMatrix: async () => ({
      rows: matrixRows,
      subjects: ['group:default/team-genomics', 'group:default/team-vision'],
    }),
    getSource: async () => sourceDetails(),
    grant: async body => grant({ id: 'g9', ...body }),
    changeGrant: async () => grant(),
    endGrant: async () => grant({ endedAt: '2026-12-05T00:00:00Z' }),
    listRequests: async () => [],
    requestAccess: async () => accessRequest(),
    decide: async () => accessRequest({ status: 'approved' }),
    withdraw: async () => accessRequest({ status: 'withdrawn' }),
    whoCouldAccess: async (source, at) => ({
      source,
      at,
      grants: [grant()],
      people: [
        {
          user: 'user:default/grace',
          access: 'read-write' as const,
          via: 'group:default/team-genomics',
        },
      ],
    }),
    heldWithoutAccess: async () => [],
    ...overrides,
  };
  return Object.fromEntries(
    Object.entries(api).map(([name, method]) => [name, jest.fn(method)]),
  ) as unknown as jest.Mocked<DataAccessApi>;
}

/** A backend refusal as the client throws it (Backstage's JSON error body). */
export function responseError(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'InputError', message },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}
