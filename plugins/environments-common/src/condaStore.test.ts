import { Entity } from '@backstage/catalog-model';
import { extractSolverMessage, summarizeBuildFailure } from './condaStore';
import { validateEnvironmentEntity } from './entity';

// A conda-store environment as the catalog provider emits it: one entity per
// environment, named <namespace>-<environment>, its version the current build id.
function condaStoreEntity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'team-vision-vision-training',
      labels: {
        'atrium.io/environment-name': 'team-vision-vision-training',
        'atrium.io/environment-version': '7',
      },
      annotations,
    },
    spec: {
      type: 'conda-environment',
      owner: 'group:default/team-vision',
      lifecycle: 'production',
      environment: {
        name: 'team-vision-vision-training',
        version: '7',
        channels: ['conda-forge'],
        dependencies: ['python=3.12', 'pytorch>=2.5', 'opencv'],
      },
    },
  };
}

describe('conda-store environment entities', () => {
  it('are valid without exact pins or a <name>-<version> entity name', () => {
    expect(
      validateEnvironmentEntity(
        condaStoreEntity({
          'atrium.io/conda-store-namespace': 'team-vision',
          'atrium.io/conda-store-environment': 'vision-training',
        }),
      ),
    ).toEqual([]);
  });

  it('need the conda-store environment named', () => {
    expect(
      validateEnvironmentEntity(
        condaStoreEntity({ 'atrium.io/conda-store-namespace': 'team-vision' }),
      ),
    ).toEqual([
      'metadata.annotations["atrium.io/conda-store-environment"] must name the conda-store environment',
    ]);
  });

  it('without the namespace annotation are curated ones, held to the curated rules', () => {
    const problems = validateEnvironmentEntity(condaStoreEntity({}));
    expect(problems).toEqual(
      expect.arrayContaining([
        'metadata.name must be "team-vision-vision-training-7" (<environment name>-<version>), not "team-vision-vision-training"',
        expect.stringContaining('opencv names no version'),
      ]),
    );
  });
});

describe('extractSolverMessage', () => {
  it('picks libmamba’s message out of a conda-store build log and its traceback', () => {
    const log = [
      "2026-12-01T10:00:00 INFO Locking dependencies for ['linux-64']...",
      'Traceback (most recent call last):',
      '  File "/opt/conda/lib/python3.12/site-packages/conda_store_server/_internal/worker/build.py", line 283',
      'conda_lock._vendor.poetry.core.exceptions.CondaLockError: Could not lock the environment for platform linux-64',
      'Could not solve for environment specs',
      'The following packages are incompatible',
      '├─ numpy 2.1.3**  is requested and can be installed;',
      '└─ python 3.8**  is not installable because it requires',
      '   └─ python_abi 3.8.* *_cp38, which conflicts with any installable versions previously reported.',
      '',
      "    Command: ['/opt/conda/condabin/conda', 'create', '--dry-run', '--json']",
    ].join('\n');
    expect(extractSolverMessage(log)).toBe(
      [
        'Could not solve for environment specs',
        'The following packages are incompatible',
        '├─ numpy 2.1.3**  is requested and can be installed;',
        '└─ python 3.8**  is not installable because it requires',
        '   └─ python_abi 3.8.* *_cp38, which conflicts with any installable versions previously reported.',
      ].join('\n'),
    );
  });

  it('reads the older libmamba wording', () => {
    expect(
      extractSolverMessage(
        'x\nconda_libmamba_solver.exceptions.LibMambaUnsatisfiableError: Encountered problems while solving:\n  - nothing provides requested scikit-learnn\n\nmore',
      ),
    ).toBe(
      'conda_libmamba_solver.exceptions.LibMambaUnsatisfiableError: Encountered problems while solving:\n  - nothing provides requested scikit-learnn',
    );
  });

  it('finds nothing in a log that failed for another reason', () => {
    expect(
      extractSolverMessage('OSError: [Errno 28] No space left on device'),
    ).toBeUndefined();
  });
});

describe('summarizeBuildFailure', () => {
  it('gives the solver’s message when there is one', () => {
    expect(
      summarizeBuildFailure(
        'a\nCould not solve for environment specs\n└─ x does not exist\n\ntail',
      ),
    ).toEqual({
      failure: 'Could not solve for environment specs\n└─ x does not exist',
      solverFailure: true,
    });
  });

  it('gives the log’s last 15 lines otherwise, cut to 2,000 characters', () => {
    const log = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
    expect(summarizeBuildFailure(log)).toEqual({
      failure: Array.from({ length: 15 }, (_, i) => `line ${i + 25}`).join(
        '\n',
      ),
      solverFailure: false,
    });
    expect(summarizeBuildFailure('x'.repeat(5000)).failure).toHaveLength(2000);
  });
});
