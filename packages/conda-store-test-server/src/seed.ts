/*
 * Seeds: a Nebari-like conda-store for the demo (`global` for the platform's shared
 * environments, one namespace per group and per person, several builds each, one
 * failing to solve) and a generated one for the benchmark.
 */
import type { CondaStoreState } from './store';

const DAY = 24 * 3600 * 1000;

type Spec = {
  name: string;
  channels: string[];
  dependencies: Array<string | { pip: string[] }>;
  description?: string;
};

const py = (name: string, description: string, deps: string[]): Spec => ({
  name,
  description,
  channels: ['conda-forge'],
  dependencies: ['python=3.12', 'ipykernel', ...deps],
});

/** Per environment, its builds oldest first: each a specification. */
const DEMO: Array<{ namespace: string; builds: Spec[] }> = [
  {
    namespace: 'global',
    builds: [
      py('python-data-science', 'Shared Python data-science stack', [
        'numpy=2.0.2',
        'pandas=2.2.2',
        'scikit-learn=1.5.1',
      ]),
      py('python-data-science', 'Shared Python data-science stack', [
        'numpy=2.1.3',
        'pandas=2.2.3',
        'scikit-learn=1.5.2',
        'matplotlib',
      ]),
      py('python-data-science', 'Shared Python data-science stack', [
        'numpy=2.1.3',
        'pandas=2.2.3',
        'scikit-learn=1.5.2',
        'matplotlib',
        'polars',
      ]),
    ],
  },
  {
    namespace: 'global',
    builds: [
      {
        name: 'r-data-science',
        description: 'Shared R stack',
        channels: ['conda-forge'],
        dependencies: ['r-base=4.4.2', 'r-tidyverse'],
      },
    ],
  },
  {
    namespace: 'team-vision',
    builds: [
      py('vision-training', 'Team Vision model training', [
        'pytorch=2.5.1',
        'torchvision',
        'opencv',
      ]),
      // A typo that libmamba cannot solve: the build fails and the current build stays the first.
      py('vision-training', 'Team Vision model training', [
        'pytorch=2.5.1',
        'torchvision',
        'opencv',
        'scikit-imagee',
      ]),
      py('vision-training', 'Team Vision model training', [
        'pytorch=2.5.1',
        'torchvision',
        'opencv',
        'scikit-image',
      ]),
    ],
  },
  {
    namespace: 'team-vision',
    builds: [
      py('vision-eval', 'Evaluation notebooks', [
        'numpy',
        'matplotlib',
        'opencv',
      ]),
      py('vision-eval', 'Evaluation notebooks', [
        'numpy',
        'matplotlib',
        'opencv',
        'pandas',
      ]),
    ],
  },
  {
    namespace: 'team-genomics',
    builds: [
      py('genomics-pipeline', 'Sequencing pipeline', [
        'biopython=1.84',
        'pysam',
      ]),
      py('genomics-pipeline', 'Sequencing pipeline', [
        'biopython=1.84',
        'pysam',
        'scanpy',
        'dask',
      ]),
    ],
  },
  {
    namespace: 'ada',
    builds: [py('ada-sandbox', "Ada's experiments", ['numpy', 'xarray'])],
  },
  {
    namespace: 'grace',
    builds: [
      py('grace-single-cell', "Grace's single-cell analysis", [
        'scanpy',
        'pandas',
      ]),
      py('grace-single-cell', "Grace's single-cell analysis", [
        'scanpy',
        'pandas',
        'anndata-extras',
      ]),
    ],
  },
];

export function seedDemo(state: CondaStoreState, now = Date.now()) {
  let day = 40;
  for (const { namespace, builds } of DEMO) {
    for (const spec of builds) {
      state.register(namespace, spec, { at: now - day * DAY, finished: true });
      day -= 1;
    }
  }
}

const SCALE_PACKAGES = [
  'numpy',
  'pandas',
  'scipy',
  'scikit-learn',
  'matplotlib',
  'polars',
  'dask',
  'xarray',
  'jupyterlab',
];

/** `environments` environments over `global` and 50 group namespaces, each with `buildsPerEnvironment` completed builds. */
export function seedScale(
  state: CondaStoreState,
  environments: number,
  buildsPerEnvironment: number,
  now = Date.now(),
) {
  for (let e = 0; e < environments; e++) {
    const namespace =
      e % 10 === 0 ? 'global' : `team-${String(e % 50).padStart(2, '0')}`;
    for (let b = 0; b < buildsPerEnvironment; b++) {
      const deps = SCALE_PACKAGES.slice(0, 3 + ((e + b) % 6));
      state.register(
        namespace,
        py(`env-${String(e).padStart(5, '0')}`, 'generated', deps),
        {
          at: now - (buildsPerEnvironment - b) * DAY,
          finished: true,
        },
      );
    }
  }
}
