import {
  findUnpinnedDependencies,
  parseCondaSpec,
  parseDependencies,
  parsePipSpec,
} from './dependencies';

describe('parseCondaSpec', () => {
  it.each([
    ['numpy=2.1.3', 'numpy', '2.1.3', undefined],
    ['numpy==2.1.3', 'numpy', '2.1.3', undefined],
    ['pytorch-cuda==12.4', 'pytorch-cuda', '12.4', undefined],
    [
      'pytorch=2.5.1=py3.12_cuda12.4_cudnn9.1.0_0',
      'pytorch',
      '2.5.1',
      'py3.12_cuda12.4_cudnn9.1.0_0',
    ],
    ['pytorch=2.5.1=cuda124*', 'pytorch', '2.5.1', 'cuda124*'],
    ['numpy 2.1.3 py312_0', 'numpy', '2.1.3', 'py312_0'],
    ['R-Base=4.4.2', 'r-base', '4.4.2', undefined],
    ['openssl=3.4.0', 'openssl', '3.4.0', undefined],
  ])('%s is pinned', (spec, name, version, build) => {
    const dependency = parseCondaSpec(spec);
    expect(dependency).toMatchObject({
      name,
      version,
      manager: 'conda',
      pinned: true,
      spec,
    });
    expect(dependency.build).toBe(build);
    expect(dependency.unpinnedReason).toBeUndefined();
  });

  it('reads a channel prefix', () => {
    expect(parseCondaSpec('conda-forge::python=3.12.7')).toMatchObject({
      name: 'python',
      version: '3.12.7',
      channel: 'conda-forge',
      pinned: true,
    });
  });

  it.each([
    ['numpy', /names no version/],
    ['numpy>=2.0', /version range/],
    ['numpy<2', /version range/],
    ['numpy>=1.26,<2', /version range/],
    ['numpy=2.1.*', /wildcard/],
    ['numpy=2.*', /wildcard/],
    ['numpy==2.1.3|2.1.4', /version range/],
    ['numpy!=2.1.0', /version range/],
    ['numpy~=2.1', /version range/],
    ['python=3.12', /conda reads "python=3.12" as 3.12\.\*/],
    ['numpy[version=">=2"]', /bracket/],
    ['numpy=2.1.3=py312*=extra', /not a valid conda spec/],
  ])('%s is not pinned', (spec, reason) => {
    const dependency = parseCondaSpec(spec);
    expect(dependency.pinned).toBe(false);
    expect(dependency.unpinnedReason).toMatch(reason);
  });
});

describe('parsePipSpec', () => {
  it.each([
    ['requests==2.32.3', 'requests', '2.32.3'],
    ['Scikit_Learn==1.5.2', 'scikit-learn', '1.5.2'],
    ['uvicorn[standard]==0.32.1', 'uvicorn', '0.32.1'],
    ['torch===2.5.1+cu124', 'torch', '2.5.1+cu124'],
    ['black==24.10.0; python_version >= "3.9"', 'black', '24.10.0'],
  ])('%s is pinned', (spec, name, version) => {
    expect(parsePipSpec(spec)).toMatchObject({
      name,
      version,
      manager: 'pip',
      pinned: true,
    });
  });

  it.each([
    ['requests', /names no version/],
    ['requests>=2.32', /version range/],
    ['requests~=2.32.0', /version range/],
    ['requests==2.*', /wildcard/],
    ['requests==2.32.3,<3', /version range/],
    ['mylib @ git+https://github.com/org/mylib', /URL/],
    ['-e .', /not a package requirement/],
  ])('%s is not pinned', (spec, reason) => {
    const dependency = parsePipSpec(spec);
    expect(dependency.pinned).toBe(false);
    expect(dependency.unpinnedReason).toMatch(reason);
  });
});

describe('parseDependencies', () => {
  it('reads conda specs and the pip block in order', () => {
    const dependencies = parseDependencies([
      'python=3.12.7',
      'pip=24.3.1',
      { pip: ['requests==2.32.3'] },
    ]);
    expect(dependencies.map(d => [d.manager, d.name])).toEqual([
      ['conda', 'python'],
      ['conda', 'pip'],
      ['pip', 'requests'],
    ]);
  });

  it('names the malformed entry', () => {
    expect(() => parseDependencies(['python=3.12.7', 42])).toThrow(
      /dependencies\[1\] must be a conda spec/,
    );
    expect(() => parseDependencies([{ pip: ['ok==1.0.0', { x: 1 }] }])).toThrow(
      /dependencies\[0\]\.pip\[1\]/,
    );
    expect(() => parseDependencies([{ pip: [], other: [] }])).toThrow(
      /dependencies\[0\]/,
    );
    expect(() => parseDependencies('numpy')).toThrow(/must be a list/);
  });
});

describe('findUnpinnedDependencies', () => {
  it('returns exactly the unpinned ones', () => {
    const dependencies = parseDependencies([
      'python=3.12.7',
      'numpy>=2',
      'pandas',
      'scipy=1.14.*',
      'pytorch=2.5.1=cuda124*',
      { pip: ['requests==2.32.3', 'rich'] },
    ]);
    expect(findUnpinnedDependencies({ dependencies }).map(d => d.spec)).toEqual(
      ['numpy>=2', 'pandas', 'scipy=1.14.*', 'rich'],
    );
  });
});
