/*
 * What the test server's "worker" resolves a specification to. conda-store runs
 * conda-lock with the libmamba solver; here a small package index stands in for
 * conda-forge, and a dependency it does not hold fails the build with the message
 * libmamba prints (conda 24.x, conda-libmamba-solver 24.x) inside conda-store's log.
 */
import type { CondaStoreSpecification } from './types';

/** The packages the index knows: name → [version, license, summary]. */
const INDEX: Record<string, [string, string, string]> = {
  python: ['3.12.7', 'Python-2.0', 'General purpose programming language'],
  pip: [
    '24.3.1',
    'MIT',
    'PyPA recommended tool for installing Python packages',
  ],
  numpy: [
    '2.1.3',
    'BSD-3-Clause',
    'The fundamental package for scientific computing with Python',
  ],
  scipy: ['1.14.1', 'BSD-3-Clause', 'Scientific Library for Python'],
  pandas: [
    '2.2.3',
    'BSD-3-Clause',
    'Powerful data structures for data analysis',
  ],
  polars: [
    '1.14.0',
    'MIT',
    'Dataframes powered by a multithreaded, vectorized query engine',
  ],
  'scikit-learn': [
    '1.5.2',
    'BSD-3-Clause',
    'A set of python modules for machine learning and data mining',
  ],
  'scikit-image': ['0.24.0', 'BSD-3-Clause', 'Image processing in Python'],
  matplotlib: ['3.9.2', 'PSF-2.0', 'Publication quality figures in Python'],
  jupyterlab: ['4.3.1', 'BSD-3-Clause', 'JupyterLab computational environment'],
  ipykernel: ['6.29.5', 'BSD-3-Clause', 'IPython Kernel for Jupyter'],
  pytorch: [
    '2.5.1',
    'BSD-3-Clause',
    'Tensors and dynamic neural networks in Python',
  ],
  torchvision: [
    '0.20.1',
    'BSD-3-Clause',
    'Image and video datasets and models for torch deep learning',
  ],
  opencv: [
    '4.10.0',
    'Apache-2.0',
    'Computer vision and machine learning software library',
  ],
  biopython: [
    '1.84',
    'LicenseRef-Biopython',
    'Freely available tools for computational molecular biology',
  ],
  pysam: [
    '0.22.1',
    'MIT',
    'Pysam is a Python module for reading and manipulating SAM/BAM files',
  ],
  scanpy: ['1.10.3', 'BSD-3-Clause', 'Single-Cell Analysis in Python'],
  dask: ['2024.11.2', 'BSD-3-Clause', 'Parallel PyData with Task Scheduling'],
  xarray: [
    '2024.11.0',
    'Apache-2.0',
    'N-D labeled arrays and datasets in Python',
  ],
  'r-base': [
    '4.4.2',
    'GPL-2.0-or-later',
    'Language and environment for statistical computing',
  ],
  'r-tidyverse': ['2.0.0', 'MIT', 'Easily install and load the Tidyverse'],
};

/** What every Python environment pulls in besides what it asks for. */
const BASE = [
  'ca-certificates',
  'openssl',
  'libzlib',
  'libffi',
  'xz',
  'tzdata',
];
const BASE_VERSIONS: Record<string, string> = {
  'ca-certificates': '2024.8.30',
  openssl: '3.4.0',
  libzlib: '1.3.1',
  libffi: '3.4.2',
  xz: '5.2.6',
  tzdata: '2024b',
};

export interface ResolvedPackage {
  name: string;
  version: string;
  channel: string;
  license: string | null;
  summary: string | null;
}

export type SolveResult =
  | { ok: true; packages: ResolvedPackage[] }
  | { ok: false; message: string };

// `numpy=2.1.3`, `numpy>=2`, `conda-forge::numpy`: the name is what precedes the first
// operator or space.
function packageName(dependency: string): string {
  const withoutChannel = dependency.includes('::')
    ? dependency.split('::')[1]
    : dependency;
  return withoutChannel
    .split(/[=<>!~ ]/)[0]
    .trim()
    .toLowerCase();
}

function pinnedVersion(dependency: string): string | undefined {
  const match = /^[^=<>!~ ]+\s*==?\s*([0-9][^=\s*]*)/.exec(
    dependency.includes('::') ? dependency.split('::')[1] : dependency,
  );
  return match?.[1];
}

export function solve(spec: CondaStoreSpecification['spec']): SolveResult {
  const conda = spec.dependencies.filter(
    (d): d is string => typeof d === 'string',
  );
  const channel = spec.channels[0] ?? 'conda-forge';
  const missing = conda.filter(d => !INDEX[packageName(d)]);
  if (missing.length > 0) {
    const lines = missing.map(
      (d, i) =>
        `${
          i === missing.length - 1 ? '└─' : '├─'
        } ${d} does not exist (perhaps a typo or a missing channel).`,
    );
    return {
      ok: false,
      message: [
        'Could not solve for environment specs',
        missing.length === 1
          ? 'The following package could not be installed'
          : 'The following packages could not be installed',
        ...lines,
      ].join('\n'),
    };
  }
  const packages: ResolvedPackage[] = BASE.map(name => ({
    name,
    version: BASE_VERSIONS[name],
    channel,
    license: null,
    summary: null,
  }));
  for (const dependency of conda) {
    const name = packageName(dependency);
    const [version, license, summary] = INDEX[name];
    packages.push({
      name,
      version: pinnedVersion(dependency) ?? version,
      channel,
      license,
      summary,
    });
  }
  return { ok: true, packages };
}

/** conda-lock v1 YAML for resolved packages, as conda-store serves a build's lockfile. */
export function lockfileYaml(
  packages: ResolvedPackage[],
  channels: string[],
): string {
  const lines = [
    'version: 1',
    'metadata:',
    '  content_hash:',
    '    linux-64: 0000000000000000000000000000000000000000000000000000000000000000',
    '  channels:',
    ...channels.map(c => `  - url: ${c}\n    used_env_vars: []`),
    '  platforms:',
    '  - linux-64',
    '  sources:',
    '  - environment.yaml',
    'package:',
  ];
  for (const p of packages) {
    lines.push(
      `- name: ${p.name}`,
      `  version: ${p.version}`,
      '  manager: conda',
      '  platform: linux-64',
      '  dependencies: {}',
      `  url: https://conda.anaconda.org/${p.channel}/linux-64/${p.name}-${p.version}-0.conda`,
      '  hash:',
      '    md5: 00000000000000000000000000000000',
      '  category: main',
      '  optional: false',
    );
  }
  return `${lines.join('\n')}\n`;
}
