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
});
