import type { PriceSheet } from './api';
import { formatMoney, hourlyRate, monthBounds, sheetInForce } from './prices';

const october: PriceSheet = {
  effectiveFrom: '2026-10-01',
  cpuCoreHour: 0.03,
  memoryGiBHour: 0.004,
  gpuHour: { 'nvidia.com/gpu': 2.48, default: 2 },
  storageGiBMonth: 0.1,
  profileHourly: { gpu: 0.25 },
};
const november: PriceSheet = {
  ...october,
  effectiveFrom: '2026-11-01',
  cpuCoreHour: 0.04,
};

describe('prices', () => {
  it('picks the sheet in force at an instant, from 00:00 UTC of its date', () => {
    const sheets = [november, october];
    expect(sheetInForce(sheets, '2026-10-31T23:59:59.999Z')).toBe(october);
    expect(sheetInForce(sheets, '2026-11-01T00:00:00.000Z')).toBe(november);
    // Before the first sheet, the first applies: usage is never free by accident.
    expect(sheetInForce(sheets, '2025-01-01T00:00:00Z')).toBe(october);
    expect(sheetInForce([], new Date())).toBeUndefined();
  });

  it('prices cores, memory, GPUs by type (default as fallback) and the profile on top', () => {
    expect(hourlyRate(october, { cpu: 4, memoryGiB: 16, gpu: 0 })).toBeCloseTo(
      0.184,
      10,
    );
    expect(
      hourlyRate(
        october,
        { cpu: 0, memoryGiB: 0, gpu: 2, gpuType: 'nvidia.com/gpu' },
        'gpu',
      ),
    ).toBeCloseTo(5.21, 10);
    expect(
      hourlyRate(october, {
        cpu: 0,
        memoryGiB: 0,
        gpu: 1,
        gpuType: 'amd.com/gpu',
      }),
    ).toBe(2);
  });

  it('formats money to cents and knows month bounds', () => {
    expect(formatMoney(1204.5, 'USD')).toBe('$1,204.50');
    expect(formatMoney(0.004, 'EUR')).toBe('€0.00');
    expect(monthBounds('2026-12')).toEqual({
      start: Date.UTC(2026, 11, 1),
      end: Date.UTC(2027, 0, 1),
    });
  });
});
