import { podVolumeName } from './launchData';

describe('podVolumeName', () => {
  it('is atrium-data-<name> while that is a DNS label', () => {
    expect(podVolumeName('clinical-trials-2026')).toBe('atrium-data-clinical-trials-2026');
  });

  it('stays within 63 characters for the longest entity names, distinct per name', () => {
    const a = podVolumeName(`${'a'.repeat(55)}-one-xyz`);
    const b = podVolumeName(`${'a'.repeat(55)}-two-xyz`);
    for (const name of [a, b]) {
      expect(name.length).toBeLessThanOrEqual(63);
      expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(name.startsWith('atrium-data-aaaa')).toBe(true);
    }
    expect(a).not.toBe(b);
  });
});
