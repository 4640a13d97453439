/**
 * Kubernetes label selectors (`app=x,tier!=db,env in (a,b),!legacy`), for matching the
 * cached objects of a component's `backstage.io/kubernetes-label-selector`.
 */
type Requirement = (labels: Record<string, string>) => boolean;

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
        ? labels => key in labels && allowed.has(labels[key])
        : labels => !(key in labels) || !allowed.has(labels[key]);
    }
    const inequality = /^([^\s!=]+)\s*!=\s*(\S*)$/.exec(term);
    if (inequality) {
      const [, key, value] = inequality;
      return labels => labels[key] !== value;
    }
    const equality = /^([^\s!=]+)\s*==?\s*(\S*)$/.exec(term);
    if (equality) {
      const [, key, value] = equality;
      return labels => labels[key] === value;
    }
    const absent = /^!\s*([^\s!=]+)$/.exec(term);
    if (absent) return labels => !(absent[1] in labels);
    if (/^[^\s!=(),]+$/.test(term)) return labels => term in labels;
    throw new Error(`cannot read the label selector term '${term}'`);
  });
  return labels => requirements.every(r => r(labels));
}

export function labelEquals(key: string, value: string): Requirement {
  return labels => labels[key] === value;
}
