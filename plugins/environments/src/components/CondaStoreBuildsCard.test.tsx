import { fireEvent, screen, within } from '@testing-library/react';
import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type {
  CondaStoreBuildUsage,
  CondaStoreEntitySpec,
} from '@internal/plugin-environments-common';
import { renderSettled } from '../__testUtils__/renderSettled';
import { condaStoreBuildsApiRef, type CondaStoreBuildsApi } from '../api';
import { CondaStoreBuildsCard } from './CondaStoreBuildsCard';

jest.setTimeout(30_000);

const SOLVER = [
  'Could not solve for environment specs',
  'The following package could not be installed',
  '└─ scikit-imagee does not exist (perhaps a typo or a missing channel).',
].join('\n');

// As catalog-backend-module-conda-store emits it (naive UTC dates, as conda-store's).
function visionTraining(
  builds: CondaStoreEntitySpec['builds'],
  currentBuildId: number,
): Entity {
  const condaStore: CondaStoreEntitySpec = {
    url: 'http://127.0.0.1:1/conda-store',
    namespace: 'team-vision',
    environment: 'vision-training',
    currentBuildId,
    builds,
    buildCount: builds.length,
    packages: ['conda-forge::pytorch=2.5.1'],
  };
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'team-vision-vision-training',
      annotations: {
        'atrium.io/conda-store-namespace': 'team-vision',
        'atrium.io/conda-store-environment': 'vision-training',
      },
    },
    spec: {
      type: 'conda-environment',
      owner: 'group:default/team-vision',
      environment: {},
      condaStore: condaStore as unknown as NonNullable<Entity['spec']>[string],
    },
  };
}

const completed = (id: number, day: number) => ({
  id,
  status: 'COMPLETED' as const,
  scheduledOn: `2026-11-${day}T10:00:00`,
  startedOn: `2026-11-${day}T10:00:01`,
  endedOn: `2026-11-${day}T10:01:31`,
  size: 890 * 2 ** 20,
});

const USAGE: Record<number, CondaStoreBuildUsage> = {
  9: {
    buildId: 9,
    runningWorkspaces: 2,
    projects: [
      'component:default/cats-vs-dogs',
      'component:default/retina-scan',
    ],
    lastUsedAt: '2026-12-05T05:00:00.000Z',
  },
  7: {
    buildId: 7,
    runningWorkspaces: 0,
    projects: ['component:default/cats-vs-dogs'],
    lastUsedAt: '2026-11-30T05:00:00.000Z',
  },
};

/** What the environments backend answers for vision-training's builds 7, 8 and 9. */
const backend: CondaStoreBuildsApi = {
  getBuildLog: async buildId => {
    const log = `conda-lock\nTraceback (most recent call last):\n${SOLVER}\n\n  Command: [conda]`;
    return {
      buildId,
      log,
      truncated: false,
      sizeBytes: log.length,
      solverMessage: SOLVER,
    };
  },
  getBuildPackages: async () => [
    { name: 'python', version: '3.12.7', channel: 'conda-forge' },
    { name: 'pytorch', version: '2.5.1', channel: 'conda-forge' },
  ],
  diffBuilds: async (from, to) => ({
    from,
    to,
    diff: {
      added: [
        {
          name: 'scikit-image',
          version: '0.24.0',
          spec: 'conda-forge::scikit-image=0.24.0',
          manager: 'conda',
          pinned: true,
        },
      ],
      removed: [],
      upgraded: [],
      downgraded: [],
      changed: [],
    },
  }),
  // Two running workspaces on build 9; build 7 ran for a project, none runs it now.
  getBuildUsage: async buildIds => ({
    workspaceUsage: { known: true },
    items: buildIds.map(
      buildId =>
        USAGE[buildId] ?? { buildId, runningWorkspaces: 0, projects: [] },
    ),
  }),
  getOverview: async () => {
    throw new Error('not on this page');
  },
};

async function renderCard(entity: Entity, api: CondaStoreBuildsApi = backend) {
  await renderSettled(
    <EntityProvider entity={entity}>
      <CondaStoreBuildsCard />
    </EntityProvider>,
    { apis: [[condaStoreBuildsApiRef, api]] },
  );
}

describe('CondaStoreBuildsCard', () => {
  it('lists the builds newest first with their status, and why the failed one failed', async () => {
    await renderCard(
      visionTraining(
        [
          completed(9, 20),
          {
            id: 8,
            status: 'FAILED',
            scheduledOn: '2026-11-19T10:00:00',
            startedOn: '2026-11-19T10:00:01',
            endedOn: '2026-11-19T10:00:41',
            size: 0,
            failure: SOLVER,
            solverFailure: true,
          },
          completed(7, 18),
        ],
        9,
      ),
    );
    const rows = within(screen.getByRole('table'))
      .getAllByRole('row')
      .slice(1)
      .map(row =>
        within(row)
          .getAllByRole('cell')
          .map(cell => cell.textContent),
      );
    expect(rows).toEqual([
      [
        '#9 (current)used by 2 running workspaces; projects in 90 days: cats-vs-dogs, retina-scan',
        'completed',
        '2026-11-20 10:00',
        '90 s',
        '890 MiB',
        'LogPackagesCompare',
      ],
      ['#8', 'failed', '2026-11-19 10:00', '40 s', '—', 'Log'],
      [
        '#7used by 0 running workspaces; projects in 90 days: cats-vs-dogs',
        'completed',
        '2026-11-18 10:00',
        '90 s',
        '890 MiB',
        'LogPackagesCompare',
      ],
    ]);
    expect(
      screen.getByText(
        'Build #8 failed: the solver could not resolve the specification (the current build is #9)',
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Why build 8 failed').textContent).toBe(
      SOLVER,
    );
  });

  it('says why it cannot tell which workspaces use the builds', async () => {
    await renderCard(visionTraining([completed(9, 20)], 9), {
      ...backend,
      getBuildUsage: async buildIds => ({
        workspaceUsage: {
          known: false,
          reason:
            'The workspaces backend did not say which builds workspaces used (Request failed with 503)',
        },
        items: buildIds.map(buildId => ({
          buildId,
          runningWorkspaces: 0,
          projects: [],
        })),
      }),
    });
    expect(
      screen.getByText(
        /Which workspaces use these builds is not known: The workspaces backend did not say/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/used by/)).not.toBeInTheDocument();
  });

  it('warns about a build waiting in conda-store’s queue for long', async () => {
    await renderCard(
      visionTraining(
        [
          {
            id: 10,
            status: 'QUEUED',
            scheduledOn: '2026-01-01T00:00:00',
            size: 0,
          },
          completed(9, 20),
        ],
        9,
      ),
    );
    expect(
      screen.getByText(
        /Build #10 has been queued since 2026-01-01 00:00 UTC: conda-store's workers may be down or busy/,
      ),
    ).toBeInTheDocument();
  });

  it("opens a build's log with the solver's message marked, its packages, and a comparison with the build before", async () => {
    await renderCard(
      visionTraining(
        [
          completed(9, 20),
          {
            id: 8,
            status: 'FAILED',
            scheduledOn: '2026-11-19T10:00:00',
            size: 0,
          },
          completed(7, 18),
        ],
        9,
      ),
      backend,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Log of build 8' }));
    const log = await screen.findByLabelText('conda-store log of build 8');
    expect(log.querySelector('mark')?.textContent).toBe(SOLVER);
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));

    fireEvent.click(
      screen.getByRole('button', { name: 'Packages of build 9' }),
    );
    expect(await screen.findByText('2 packages')).toBeInTheDocument();
    expect(screen.getByText('pytorch')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));

    fireEvent.click(screen.getByRole('button', { name: 'Compare build 9' }));
    expect(await screen.findByText('From build #7 to #9')).toBeInTheDocument();
    expect(screen.getByText('scikit-image')).toBeInTheDocument();
    expect(screen.getByText('1 added')).toBeInTheDocument();
  });
});
