import { ResponseError } from '@backstage/errors';
import type { Workspace } from '@internal/plugin-workspaces-common';
import type {
  AvailableProfile,
  WorkspacesApi,
} from '@internal/plugin-workspaces-react';

export function workspace(overrides: Partial<Workspace>): Workspace {
  return {
    id: 'w-1',
    owner: 'user:default/ada',
    hubUser: 'ada',
    name: 'eda',
    profile: 'small',
    options: {},
    resources: { cpu: 2, memoryGiB: 8, gpu: 0 },
    status: 'stopped',
    createdAt: '2024-05-01T08:00:00Z',
    updatedAt: '2024-05-01T08:00:00Z',
    ...overrides,
  };
}

export const profiles: AvailableProfile[] = [
  {
    slug: 'small',
    display_name: 'Small',
    description: 'For exploring data',
    resources: { cpu: 2, memoryGiB: 8, gpu: 0 },
  },
  {
    slug: 'gpu',
    display_name: 'GPU',
    description: 'Training on one GPU',
    default: true,
    resources: { cpu: 4, memoryGiB: 16, gpu: 1, gpuType: 'nvidia.com/gpu' },
    profile_options: {
      image: {
        display_name: 'Image',
        choices: {
          scipy: { display_name: 'SciPy' },
          pytorch: { display_name: 'PyTorch', default: true },
        },
      },
    },
  },
];

/** A WorkspacesApi whose every method is a jest mock, with the given behaviour. */
export function mockWorkspacesApi(
  impl: Partial<WorkspacesApi> = {},
): jest.Mocked<WorkspacesApi> {
  return {
    listProfiles: jest.fn(async () => profiles),
    listWorkspaces: jest.fn(async () => []),
    listWorkspacePage: jest.fn(async () => ({ items: [], total: 0 })),
    getWorkspace: jest.fn(),
    createWorkspace: jest.fn(),
    previewLaunch: jest.fn(async request => ({
      profile: request.profile,
      resources:
        profiles.find(p => p.slug === request.profile)?.resources ??
        profiles[0].resources,
      facts: [],
    })),
    startWorkspace: jest.fn(),
    stopWorkspace: jest.fn(),
    restartWorkspace: jest.fn(),
    reproduceWorkspace: jest.fn(),
    deleteWorkspace: jest.fn(async () => undefined),
    listEvents: jest.fn(async () => []),
    diagnoseWorkspace: jest.fn(),
    streamProgress: jest.fn(async () => undefined),
    ...impl,
  } as jest.Mocked<WorkspacesApi>;
}

/** The ResponseError the client throws for a Backstage error body. */
export function responseError(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'Error', message },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}
