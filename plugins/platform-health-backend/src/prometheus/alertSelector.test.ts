import { LOADED_CI_MARGIN_MS } from '@internal/test-utils';
import { parseAlertSelector } from './alertSelector';

describe('parseAlertSelector', () => {
  const labels = {
    alertname: 'HubDown',
    service: 'jupyterhub',
    severity: 'critical',
  };

  it.each([
    ['service=jupyterhub', true],
    ['service="jupyterhub"', true],
    ['service = jupyterhub , severity!=info', true],
    ['service!=jupyterhub', false],
    ['service=~"hub|jupyterhub"', true],
    ['service=~hub|conda-store', false],
    ['service!~"hub|conda-store"', true],
    ['team=', true],
    ['team=~"|vision"', true],
    ['team!=', false],
    // Labels are looked up as the alert's own, never through the prototype.
    ['constructor=~"|x"', true],
    ['toString=x', false],
  ])('%s → %s', (selector, expected) => {
    expect(parseAlertSelector(selector)(labels)).toBe(expected);
  });

  it('refuses regular expressions, quoting at most 40 characters of the value', () => {
    expect(() => parseAlertSelector('alertname=~(.*.*)*X')).toThrow(
      "=~ and !~ take literal values separated by | (a|b|c), not regular expressions: '(.*.*)*X'",
    );
    expect(() => parseAlertSelector('job!~"hub.*"')).toThrow(
      "not regular expressions: 'hub.*'",
    );
    const long = `${'a'.repeat(60)}.*`;
    expect(() => parseAlertSelector(`job=~${long}`)).toThrow(
      `not regular expressions: '${'a'.repeat(40)}…'`,
    );
  });

  it('says what it cannot read', () => {
    expect(() => parseAlertSelector('service')).toThrow(
      "cannot read 'service': write label=value, label!=value, label=~a|b or label!~a|b",
    );
    expect(() => parseAlertSelector('1abc=x')).toThrow("cannot read '1abc=x'");
    expect(() => parseAlertSelector('a="b"c"')).toThrow(
      'cannot read \'a="b"c"\'',
    );
    expect(() => parseAlertSelector(' , ')).toThrow(
      'the alert selector is empty',
    );
  });

  it('matches in linear time: long selectors and label values answer well within a second', () => {
    const values = Array.from({ length: 20_000 }, (_, i) => `service-${i}`);
    const started = performance.now();
    const select = parseAlertSelector(
      `service=~"${values.join('|')}",alertname!~"${'x'.repeat(100_000)}"`,
    );
    for (let i = 0; i < 1000; i++) {
      select({ service: `service-${i}`, alertname: 'a'.repeat(100_000) });
    }
    expect(() =>
      parseAlertSelector(`a=~${'(.*.*)*'.repeat(10_000)}X`),
    ).toThrow();
    expect(() =>
      parseAlertSelector(`${'a'.repeat(100_000)}${' '.repeat(100_000)}`),
    ).toThrow();
    // Linear: tens of milliseconds. Quadratic on inputs this long would take minutes;
    // the bound leaves a loaded CI machine its margin (jest's 5 s would cut it short).
    expect(performance.now() - started).toBeLessThan(LOADED_CI_MARGIN_MS);
  }, 15_000);
});
