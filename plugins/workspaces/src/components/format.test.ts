import { catalogPath, formatRelativeTime, formatResources } from './format';

describe('format', () => {
  it('writes resources as CPU · GiB · GPU, leaving out zero GPUs', () => {
    expect(formatResources({ cpu: 2, memoryGiB: 8, gpu: 1 })).toBe(
      '2 CPU · 8 GiB · 1 GPU',
    );
    expect(formatResources({ cpu: 0.5, memoryGiB: 0.75, gpu: 0 })).toBe(
      '0.5 CPU · 0.8 GiB',
    );
  });

  it('writes times relative to now', () => {
    const now = Date.parse('2024-05-01T12:00:00Z');
    expect(formatRelativeTime('2024-05-01T11:59:40Z', now)).toBe('just now');
    expect(formatRelativeTime('2024-05-01T11:13:00Z', now)).toBe(
      '47 minutes ago',
    );
    expect(formatRelativeTime('2024-04-30T12:00:00Z', now)).toBe('yesterday');
  });

  it('links entity refs to their catalog page', () => {
    expect(catalogPath('component:default/churn-model')).toBe(
      '/catalog/default/component/churn-model',
    );
    expect(catalogPath('Component:research/vision')).toBe(
      '/catalog/research/component/vision',
    );
  });
});
