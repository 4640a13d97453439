import { parseDependencies } from './dependencies';
import { diffEnvironments, diffResolvedPackages } from './diff';

describe('diffEnvironments', () => {
  const from = {
    dependencies: parseDependencies([
      'python=3.11.9',
      'numpy=1.26.4',
      'pandas=2.2.2',
      'seaborn=0.13.2',
      'ipykernel=6.29.5',
      'pytorch=2.3.0=cpu*',
      'tzdata==2024a',
      { pip: ['requests==2.32.3', 'black==24.10.0'] },
    ]),
  };
  const to = {
    dependencies: parseDependencies([
      'python=3.12.7',
      'numpy=2.1.3',
      'pandas=2.2.3',
      'polars=1.14.0',
      'ipykernel=6.29.5',
      'pytorch=2.3.0=cuda*',
      'tzdata==2024a',
      { pip: ['requests==2.31.0', 'Black==24.10.0'] },
    ]),
  };

  it('sorts packages into added, removed, upgraded and downgraded', () => {
    const diff = diffEnvironments(from, to);
    expect(diff.added.map(d => d.spec)).toEqual(['polars=1.14.0']);
    expect(diff.removed.map(d => d.spec)).toEqual(['seaborn=0.13.2']);
    expect(diff.upgraded).toEqual([
      { name: 'numpy', manager: 'conda', from: '1.26.4', to: '2.1.3' },
      { name: 'pandas', manager: 'conda', from: '2.2.2', to: '2.2.3' },
      { name: 'python', manager: 'conda', from: '3.11.9', to: '3.12.7' },
    ]);
    expect(diff.downgraded).toEqual([
      { name: 'requests', manager: 'pip', from: '2.32.3', to: '2.31.0' },
    ]);
    // Same version, other build: neither upgraded nor downgraded, but not the same.
    // Black vs black is the same pip package (names compare as PEP 503 says) and the
    // spelling alone is a spec change.
    expect(diff.changed).toEqual([
      {
        name: 'black',
        manager: 'pip',
        from: 'black==24.10.0',
        to: 'Black==24.10.0',
      },
      {
        name: 'pytorch',
        manager: 'conda',
        from: 'pytorch=2.3.0=cpu*',
        to: 'pytorch=2.3.0=cuda*',
      },
    ]);
  });

  it('is empty between a version and itself', () => {
    expect(diffEnvironments(to, to)).toEqual({
      added: [],
      removed: [],
      upgraded: [],
      downgraded: [],
      changed: [],
    });
  });

  it('keeps a conda and a pip package of the same name apart', () => {
    const diff = diffEnvironments(
      { dependencies: parseDependencies(['pyyaml=6.0.2']) },
      { dependencies: parseDependencies([{ pip: ['pyyaml==6.0.2'] }]) },
    );
    expect(diff.added.map(d => d.manager)).toEqual(['pip']);
    expect(diff.removed.map(d => d.manager)).toEqual(['conda']);
  });
});

describe('diffResolvedPackages', () => {
  it('says which resolved packages two builds add, remove, move up, down or across channels', () => {
    const from = [
      { name: 'numpy', version: '2.1.3', channel: 'conda-forge' },
      { name: 'pandas', version: '2.2.3', channel: 'conda-forge' },
      { name: 'scipy', version: '1.14.1', channel: 'conda-forge' },
      { name: 'pytorch', version: '2.5.1', channel: 'conda-forge' },
    ];
    const to = [
      { name: 'numpy', version: '2.2.0', channel: 'conda-forge' },
      { name: 'pandas', version: '2.1.0', channel: 'conda-forge' },
      { name: 'pytorch', version: '2.5.1', channel: 'pytorch' },
      { name: 'polars', version: '1.15.0', channel: 'conda-forge' },
    ];
    const diff = diffResolvedPackages(from, to);
    expect(diff.added.map(d => d.spec)).toEqual(['conda-forge::polars=1.15.0']);
    expect(diff.removed.map(d => d.spec)).toEqual([
      'conda-forge::scipy=1.14.1',
    ]);
    expect(diff.upgraded).toEqual([
      { name: 'numpy', manager: 'conda', from: '2.1.3', to: '2.2.0' },
    ]);
    expect(diff.downgraded).toEqual([
      { name: 'pandas', manager: 'conda', from: '2.2.3', to: '2.1.0' },
    ]);
    expect(diff.changed).toEqual([
      {
        name: 'pytorch',
        manager: 'conda',
        from: 'conda-forge::pytorch=2.5.1',
        to: 'pytorch::pytorch=2.5.1',
      },
    ]);
  });
});
