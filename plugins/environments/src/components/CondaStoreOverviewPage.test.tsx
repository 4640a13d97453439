import { screen, within } from '@testing-library/react';
import type { CondaStoreOverview } from '@internal/plugin-environments-common';
import { renderSettled } from '../__testUtils__/renderSettled';
import { condaStoreBuildsApiRef, type CondaStoreBuildsApi } from '../api';
import { CondaStoreOverviewPage, formatBytes } from './CondaStoreOverviewPage';

jest.setTimeout(30_000);

const overview: CondaStoreOverview = {
  url: 'http://127.0.0.1:1/conda-store',
  generatedAt: '2026-12-05T05:00:00.000Z',
  idleDays: 90,
  namespaces: [
    {
      namespace: 'global',
      environments: 2,
      builds: 4,
      failedBuilds: 0,
      storageBytes: 3 * 2 ** 30,
    },
    {
      namespace: 'team-vision',
      environments: 2,
      builds: 4,
      failedBuilds: 1,
      storageBytes: 2 * 2 ** 30,
    },
  ],
  failedBuilds: [
    {
      id: 6,
      namespace: 'team-vision',
      environment: 'vision-training',
      scheduledOn: '2026-11-19T10:00:00',
    },
  ],
  idleEnvironments: [
    {
      namespace: 'team-genomics',
      environment: 'old-notebooks',
      currentBuildId: 12,
      lastBuiltOn: '2026-05-19T10:00:00',
    },
  ],
  buildsInUse: [],
  workspaceUsage: {
    known: false,
    reason:
      'The workspaces backend did not say which builds workspaces used (Request failed with 503), so idle means no completed build in the window',
  },
};

const api = (
  answer: () => Promise<CondaStoreOverview>,
): CondaStoreBuildsApi => ({
  getOverview: answer,
  getBuildLog: async () => {
    throw new Error('unused');
  },
  getBuildPackages: async () => [],
  getBuildUsage: async () => {
    throw new Error('unused');
  },
  diffBuilds: async () => {
    throw new Error('unused');
  },
});

describe('CondaStoreOverviewPage', () => {
  it('sums up the sprawl and lists namespaces by disk, failed builds and idle environments', async () => {
    await renderSettled(<CondaStoreOverviewPage />, {
      apis: [[condaStoreBuildsApiRef, api(async () => overview)]],
    });
    expect(
      screen.getByText(
        '4 environments with 8 builds in 2 namespaces use 5.0 GiB; 1 failed builds; 1 environments not rebuilt in 90 days.',
      ),
    ).toBeInTheDocument();
    const [namespaces, failed, idle] = screen.getAllByRole('table');
    const namespaceRows = within(namespaces)
      .getAllByRole('row')
      .slice(1)
      .map(row => row.textContent);
    expect(namespaceRows).toEqual([
      'global2403.0 GiB',
      'team-vision2412.0 GiB',
    ]);
    expect(within(failed).getByText('vision-training')).toBeInTheDocument();
    expect(
      within(failed).getByRole('button', { name: 'Log of build 6' }),
    ).toBeInTheDocument();
    expect(within(idle).getByText('old-notebooks')).toBeInTheDocument();
    expect(within(idle).getByText('2026-05-19')).toBeInTheDocument();
    expect(
      screen.getByRole('heading', {
        name: 'Environments not rebuilt in 90 days',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/did not say which builds workspaces used/),
    ).toBeInTheDocument();
  });

  it('lists idle the environments no workspace used, and who uses each build, when workspace usage is known', async () => {
    const known: typeof overview = {
      ...overview,
      workspaceUsage: { known: true },
      buildsInUse: [
        {
          buildId: 9,
          namespace: 'team-vision',
          environment: 'vision-training',
          running: [
            {
              id: 'w1',
              owner: 'user:default/ada',
              name: 'training',
              project: 'component:default/cats-vs-dogs',
            },
          ],
          projects: [
            'component:default/cats-vs-dogs',
            'component:default/retina-scan',
          ],
          lastUsedAt: '2026-12-05T05:00:00.000Z',
        },
      ],
    };
    await renderSettled(<CondaStoreOverviewPage />, {
      apis: [[condaStoreBuildsApiRef, api(async () => known)]],
    });
    expect(
      screen.getByText(/1 environments no workspace used in 90 days\./),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', {
        name: 'Environments no workspace used in 90 days',
      }),
    ).toBeInTheDocument();
    const inUse = screen
      .getByRole('heading', { name: 'Builds workspaces used in 90 days' })
      .closest('table, [class*="MuiPaper"]') as HTMLElement;
    expect(
      within(inUse)
        .getAllByRole('row')
        .slice(1)
        .map(row =>
          within(row)
            .getAllByRole('cell')
            .map(cell => cell.textContent),
        ),
    ).toEqual([
      [
        '#9',
        'team-vision',
        'vision-training',
        'ada/training',
        'cats-vs-dogs, retina-scan',
        '2026-12-05 05:00',
      ],
    ]);
    expect(
      screen.queryByText(/did not say which builds workspaces used/),
    ).not.toBeInTheDocument();
  });

  it("shows the backend's refusal", async () => {
    await renderSettled(<CondaStoreOverviewPage />, {
      apis: [
        [
          condaStoreBuildsApiRef,
          api(async () => {
            throw new Error(
              "conda-store's overview is for DevOps and admins: ask a platform admin for the devops role",
            );
          }),
        ],
      ],
    });
    expect(
      screen.getAllByText(/for DevOps and admins: ask a platform admin/).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('writes sizes in binary units', () => {
    expect(formatBytes(0)).toBe('0');
    expect(formatBytes(512 * 1024)).toBe('512 KiB');
    expect(formatBytes(890 * 2 ** 20)).toBe('890 MiB');
    expect(formatBytes(1.5 * 2 ** 40)).toBe('1.5 TiB');
  });
});
