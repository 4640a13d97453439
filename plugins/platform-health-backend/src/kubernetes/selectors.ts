/**
 * Kubernetes label selectors (`app=x,tier!=db,env in (a,b),!legacy`), for matching the
 * cached objects of a component's `backstage.io/kubernetes-label-selector`.
 */
type Labels = Record<string, string>;
type Requirement = (labels: Labels) => boolean;

/** The object's own label (never one inherited through the prototype, e.g. `constructor`). */
const has = (labels: Labels, key: string) => Object.hasOwn(labels, key);

const SET = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/;

function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms.map(t => t.trim()).filter(Boolean);
}

/** Parses a selector; throws with what is wrong when it cannot be read. */
export function parseLabelSelector(selector: string): Requirement {
  const requirements: Requirement[] = splitTerms(selector).map(term => {
    const set = SET.exec(term);
    if (set) {
      const [, key, op, values] = set;
      const allowed = new Set(
        values
          .split(',')
          .map(v => v.trim())
          .filter(Boolean),
      );
      return op === 'in'
        ? labels => has(labels, key) && allowed.has(labels[key])
        : labels => !has(labels, key) || !allowed.has(labels[key]);
    }
    const inequality = /^([^\s!=]+)\s*!=\s*(\S*)$/.exec(term);
    if (inequality) {
      const [, key, value] = inequality;
      return labels => !has(labels, key) || labels[key] !== value;
    }
    const equality = /^([^\s!=]+)\s*==?\s*(\S*)$/.exec(term);
    if (equality) {
      const [, key, value] = equality;
      return labels => has(labels, key) && labels[key] === value;
    }
    const absent = /^!\s*([^\s!=]+)$/.exec(term);
    if (absent) return labels => !has(labels, absent[1]);
    if (/^[^\s!=(),]+$/.test(term)) return labels => has(labels, term);
    throw new Error(`cannot read the label selector term '${term}'`);
  });
  return labels => requirements.every(r => r(labels));
}

export function labelEquals(key: string, value: string): Requirement {
  return labels => labels[key] === value;
}
