/**
 * Alert selectors (`atrium.io/prometheus-alerts`): comma-separated label matchers that
 * pick a component's alerts from Prometheus' `/api/v1/alerts`. They come from catalog
 * data, so they are matched in linear time and never compiled into a regular
 * expression: `=` and `!=` compare a label with a value, `=~` and `!~` with a list of
 * literal values (`service=~"hub|jupyterhub"`). A missing label counts as empty, as in
 * PromQL.
 */
export type AlertLabels = Record<string, string>;

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const OPERATORS = ['=~', '!~', '!=', '='] as const;
/** Characters that make a value a regular expression rather than a literal. */
const REGEX_CHARACTERS = /[\\^$.*+?()[\]{}]/;
/** How much of a value an error message quotes. */
const QUOTED_CHARACTERS = 40;

function quote(text: string) {
  return text.length > QUOTED_CHARACTERS
    ? `${text.slice(0, QUOTED_CHARACTERS)}…`
    : text;
}

function label(labels: AlertLabels, name: string): string {
  return Object.hasOwn(labels, name) ? String(labels[name]) : '';
}

function parseTerm(term: string): (labels: AlertLabels) => boolean {
  const unreadable = () =>
    new Error(
      `cannot read '${quote(
        term,
      )}': write label=value, label!=value, label=~a|b or label!~a|b`,
    );
  const name = LABEL_NAME.exec(term)?.[0];
  if (!name) throw unreadable();
  const rest = term.slice(name.length).trimStart();
  const operator = OPERATORS.find(o => rest.startsWith(o));
  if (!operator) throw unreadable();
  let value = rest.slice(operator.length).trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    value = value.slice(1, -1);
  }
  if (value.includes('"')) throw unreadable();
  if (operator === '=') return l => label(l, name) === value;
  if (operator === '!=') return l => label(l, name) !== value;
  if (REGEX_CHARACTERS.test(value)) {
    throw new Error(
      `=~ and !~ take literal values separated by | (a|b|c), not regular expressions: '${quote(
        value,
      )}'`,
    );
  }
  const values = new Set(value.split('|'));
  return operator === '=~'
    ? l => values.has(label(l, name))
    : l => !values.has(label(l, name));
}

/** Parses a selector into a predicate on alert labels; throws with what is wrong. */
export function parseAlertSelector(
  selector: string,
): (labels: AlertLabels) => boolean {
  const terms = selector
    .split(',')
    .map(t => t.trim())
    .filter(Boolean)
    .map(parseTerm);
  if (terms.length === 0) throw new Error('the alert selector is empty');
  return labels => terms.every(t => t(labels));
}
