import { mockServices } from '@backstage/backend-test-utils';
import type { StoredWorkspace } from '../database/WorkspacesStore';
import { launchSource } from './launchSource';
import { reproductionName } from './Launcher';

describe('launchSource', () => {
  const workspace = {
    owner: 'user:default/ada',
    name: 'analysis',
    project: 'component:default/cats-vs-dogs',
  } as StoredWorkspace;
  const git = { policy: { hosts: [] }, logger: mockServices.logger.mock() };

  it('records the environment, and says why there is no commit', async () => {
    await expect(
      launchSource(
        workspace,
        {
          environment: 'Resource:default/Python-2026.11',
          gitRepository: 'http://10.0.0.1/internal.git',
        },
        git,
      ),
    ).resolves.toEqual({
      patch: { environment: 'resource:default/python-2026.11' },
      // A refusal is its own sentence, not a git failure.
      note: "the project's repository 10.0.0.1 is not one of the configured integrations: the commit was not recorded",
    });
    await expect(launchSource(workspace, {}, git)).resolves.toEqual({
      patch: {},
      note: 'launched without a git commit: the project names no git repository',
    });
  });

  it('keeps the commit a workspace already has, and reads nothing without a project', async () => {
    await expect(
      launchSource(
        { ...workspace, gitCommit: 'a'.repeat(40) },
        { gitRepository: 'http://10.0.0.1/internal.git' },
        git,
      ),
    ).resolves.toEqual({
      patch: {},
      note: `launched at commit ${'a'.repeat(12)}`,
    });
    await expect(
      launchSource({ ...workspace, project: undefined }, undefined, git),
    ).resolves.toEqual({ patch: {} });
  });
});

describe('reproductionName', () => {
  it('takes the first free number', () => {
    expect(reproductionName('analysis', new Set())).toBe('analysis-repro-1');
    expect(
      reproductionName(
        'analysis',
        new Set(['analysis-repro-1', 'analysis-repro-2']),
      ),
    ).toBe('analysis-repro-3');
  });

  it('stays a valid workspace name for long names', () => {
    const long = `${'a'.repeat(55)}-${'b'.repeat(7)}`;
    const name = reproductionName(long, new Set());
    expect(name).toHaveLength(63);
    expect(name).toMatch(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/);
    expect(name.endsWith('-repro-1')).toBe(true);
    // A cut that ends in a hyphen does not leave a double hyphen behind.
    expect(reproductionName(`${'a'.repeat(54)}-bbbbbbbb`, new Set())).toBe(
      `${'a'.repeat(54)}-repro-1`,
    );
  });
});
