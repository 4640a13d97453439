import { parse } from 'yaml';
import { parseDependencies } from './dependencies';
import { renderEnvironmentYml } from './render';

describe('renderEnvironmentYml', () => {
  const env = {
    name: 'gpu-deep-learning',
    version: '2026.11',
    channels: ['pytorch', 'nvidia', 'conda-forge'],
    dependencies: parseDependencies([
      'python=3.12.7',
      'pytorch=2.5.1=py3.12_cuda12.4_cudnn9.1.0_0',
      'pytorch-cuda==12.4',
      { pip: ['lightning==2.4.0', 'torchmetrics==1.6.0'] },
    ]),
  };

  it('writes conda environment.yml text', () => {
    expect(renderEnvironmentYml(env)).toBe(
      [
        'name: gpu-deep-learning-2026.11',
        'channels:',
        '  - pytorch',
        '  - nvidia',
        '  - conda-forge',
        'dependencies:',
        '  - python=3.12.7',
        '  - pytorch=2.5.1=py3.12_cuda12.4_cudnn9.1.0_0',
        '  - pytorch-cuda==12.4',
        '  - pip:',
        '      - lightning==2.4.0',
        '      - torchmetrics==1.6.0',
        '',
      ].join('\n'),
    );
  });

  it('reads back to the same environment', () => {
    const parsed = parse(renderEnvironmentYml(env));
    expect(parsed.name).toBe('gpu-deep-learning-2026.11');
    expect(parsed.channels).toEqual(env.channels);
    expect(parseDependencies(parsed.dependencies)).toEqual(env.dependencies);
  });

  it('quotes what YAML would otherwise misread', () => {
    const tricky = {
      ...env,
      dependencies: parseDependencies([
        'pytorch=2.5.1=*cuda*',
        { pip: ['black==24.10.0; python_version >= "3.9"'] },
      ]),
    };
    const parsed = parse(renderEnvironmentYml(tricky));
    expect(parseDependencies(parsed.dependencies)).toEqual(tricky.dependencies);
  });
});
