import type { Entity } from '@backstage/catalog-model';
import type { Workspace } from '@internal/plugin-workspaces-common';
import type { WorkspacesApi } from '@internal/plugin-workspaces-react';

export function environmentEntity(
  name: string,
  version: string,
  lifecycle: string,
  dependencies: Array<string | { pip: string[] }>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: `${name}-${version}`,
      namespace: 'default',
      title: `${name} ${version}`,
      labels: {
        'atrium.io/environment-name': name,
        'atrium.io/environment-version': version,
      },
    },
    spec: {
      type: 'conda-environment',
      owner: 'group:default/platform-ops',
      lifecycle,
      environment: { name, version, channels: ['conda-forge'], dependencies },
    },
  };
}

export const pds2025 = environmentEntity(
  'python-data-science',
  '2025.05',
  'deprecated',
  [
    'python=3.11.9',
    'numpy=1.26.4',
    'pandas=2.2.2',
    'seaborn=0.13.2',
    'ipykernel=6.29.5',
  ],
);
export const pds2026 = environmentEntity(
  'python-data-science',
  '2026.11',
  'production',
  [
    'python=3.12.7',
    'numpy=2.1.3',
    'pandas=2.2.3',
    'polars=1.14.0',
    'ipykernel=6.29.5',
  ],
);
// Older than 2025.05 and listed out of order, to check the sorting.
export const pds2024 = environmentEntity(
  'python-data-science',
  '2024.12',
  'deprecated',
  [
    'python=3.11.9',
    'numpy=1.26.4',
    'pandas=2.2.2',
    'seaborn=0.13.2',
    'ipykernel=6.29.3',
  ],
);
export const r2026 = environmentEntity(
  'r-data-science',
  '2026.11',
  'production',
  ['r-base=4.4.2'],
);

export function project(
  name: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'data-science-project',
      owner: 'group:default/team-vision',
      lifecycle: 'experimental',
    },
  };
}

export const catsVsDogs = project('cats-vs-dogs', {
  'atrium.io/environment': 'resource:default/python-data-science-2025.05',
  'atrium.io/workspace-profile': 'small',
  'atrium.io/template': 'template:default/python-analysis@1.0.0',
  'atrium.io/git-repository': 'file:///srv/git/cats-vs-dogs.git',
});

export const churn = project('churn-model', {
  'atrium.io/environment': 'resource:default/python-data-science-2026.11',
});

export function workspace(overrides: Partial<Workspace>): Workspace {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    owner: 'user:default/ada',
    hubUser: 'ada',
    name: 'cats-vs-dogs-1',
    profile: 'small',
    options: {},
    resources: { cpu: 2, memoryGiB: 8, gpu: 0 },
    status: 'starting',
    createdAt: '2026-11-02T08:00:00Z',
    updatedAt: '2026-11-02T08:00:00Z',
    ...overrides,
  };
}

/** A workspaces API whose calls are jest mocks; by default the caller has no workspaces. */
export function mockWorkspacesApi(
  impl: Partial<WorkspacesApi> = {},
): jest.Mocked<WorkspacesApi> {
  return {
    listWorkspaces: jest.fn(async () => []),
    createWorkspace: jest.fn(),
    getWorkspace: jest.fn(),
    ...impl,
  } as Partial<WorkspacesApi> as jest.Mocked<WorkspacesApi>;
}
