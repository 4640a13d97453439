import { LOADED_CI_MARGIN_MS } from '@internal/test-utils';
import { parseLabelSelector } from './selectors';

describe('parseLabelSelector', () => {
  const labels = { app: 'conda-store', tier: 'worker', env: 'dev' };

  it.each([
    ['app=conda-store', true],
    ['app==conda-store', true],
    ['app=jupyterhub', false],
    ['app=conda-store,tier!=db', true],
    ['app=conda-store,tier!=worker', false],
    ['env in (dev, prod)', true],
    ['env notin (dev)', false],
    ['tier', true],
    ['!tier', false],
    ['!legacy,app=conda-store', true],
  ])('%s → %s', (selector, expected) => {
    expect(parseLabelSelector(selector)(labels)).toBe(expected);
  });

  it('says which term it cannot read', () => {
    expect(() => parseLabelSelector('app=x,=oops')).toThrow(
      "cannot read the label selector term '=oops'",
    );
  });

  it("looks up only the object's own labels, never inherited ones", () => {
    expect(parseLabelSelector('constructor')(labels)).toBe(false);
    expect(parseLabelSelector('toString in (x)')(labels)).toBe(false);
    expect(parseLabelSelector('!hasOwnProperty')(labels)).toBe(true);
    expect(parseLabelSelector('valueOf!=x')(labels)).toBe(true);
  });

  it('reads long and malformed selectors in linear time', () => {
    const long = 'a'.repeat(100_000);
    const started = performance.now();
    for (const selector of [
      `${long} in (${'b,'.repeat(50_000)}`,
      `${long}${' '.repeat(100_000)}in${' '.repeat(100_000)}(x`,
      `${long}${' '.repeat(100_000)}!=${' '.repeat(100_000)}x y`,
      `${long}${' '.repeat(100_000)}==${' '.repeat(100_000)}x y`,
      `!${' '.repeat(100_000)}${long}=`,
      `${'('.repeat(100_000)}${long}`,
    ]) {
      expect(() => parseLabelSelector(selector)).toThrow(
        'cannot read the label selector term',
      );
    }
    expect(
      parseLabelSelector(`app in (${'x,'.repeat(50_000)}conda-store)`)(labels),
    ).toBe(true);
    // Linear: tens of milliseconds. Quadratic on inputs this long would take minutes;
    // the bound leaves a loaded CI machine its margin (jest's 5 s would cut it short).
    expect(performance.now() - started).toBeLessThan(LOADED_CI_MARGIN_MS);
  }, 15_000);
});
