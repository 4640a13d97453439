import { capBuildLog } from './buildLog';

describe('capBuildLog', () => {
  it("keeps a log's end from a whole line, and the solver message from the whole log", () => {
    const log = [
      'Could not solve for environment specs',
      '└─ nosuchpkg does not exist (perhaps a typo or a missing channel).',
      '',
      ...Array.from({ length: 100 }, (_, i) => `line ${i} ünïcode`),
    ].join('\n');
    const capped = capBuildLog(7, log, 200);
    expect(capped.truncated).toBe(true);
    expect(capped.sizeBytes).toBe(Buffer.byteLength(log, 'utf8'));
    expect(Buffer.byteLength(capped.log, 'utf8')).toBeLessThanOrEqual(200);
    expect(capped.log.split('\n')[0]).toMatch(/^line \d+ ünïcode$/);
    expect(capped.log.endsWith('line 99 ünïcode')).toBe(true);
    expect(capped.solverMessage).toBe(
      'Could not solve for environment specs\n└─ nosuchpkg does not exist (perhaps a typo or a missing channel).',
    );
  });

  it('leaves a short log whole, and has no solver message when the log holds none', () => {
    expect(capBuildLog(1, 'ok\ndone', 1000)).toEqual({
      buildId: 1,
      log: 'ok\ndone',
      truncated: false,
      sizeBytes: 7,
    });
  });
});
