/*
 * Version ordering close to conda's (VersionOrder): an optional epoch (`1!`), then
 * components split on `.`, `_` and `-`, each split again into runs of digits and
 * letters. Numbers compare as numbers, a string sorts before any number (so `1.0rc1` <
 * `1.0`), `dev` before everything and `post` after everything, and a missing
 * component counts as 0 (so `2026.11` < `2026.11.1` and `2.1` == `2.1.0`). Good for
 * calendar versions (2025.05, 2026.11.1) and semver-ish package versions alike.
 */

type Token = number | string;

function tokenize(version: string): {
  epoch: number;
  tokens: Token[][];
  local: Token[][];
} {
  let rest = version.trim().toLowerCase();
  let epoch = 0;
  const bang = rest.indexOf('!');
  if (bang > 0 && /^\d+$/.test(rest.slice(0, bang))) {
    epoch = Number(rest.slice(0, bang));
    rest = rest.slice(bang + 1);
  }
  const [main, local = ''] = rest.split('+', 2);
  const components = (text: string) =>
    text
      .split(/[._-]/)
      .filter(part => part !== '')
      .map(part =>
        (part.match(/\d+|[a-z]+|[^\da-z]+/g) ?? []).map(run =>
          /^\d+$/.test(run) ? Number(run) : run,
        ),
      );
  return { epoch, tokens: components(main), local: components(local) };
}

function tokenRank(token: Token): number {
  if (typeof token === 'number') return 2;
  if (token === 'dev') return 0;
  if (token === 'post') return 4;
  return 1;
}

function compareTokens(a: Token, b: Token): number {
  const rankA = tokenRank(a);
  const rankB = tokenRank(b);
  if (rankA !== rankB) return rankA - rankB;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a === b) return 0;
  return String(a) < String(b) ? -1 : 1;
}

function compareComponents(a: Token[][], b: Token[][]): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const partA = a[i] ?? [0];
    const partB = b[i] ?? [0];
    const parts = Math.max(partA.length, partB.length);
    for (let j = 0; j < parts; j++) {
      const result = compareTokens(partA[j] ?? 0, partB[j] ?? 0);
      if (result !== 0) return result;
    }
  }
  return 0;
}

/**
 * Compares two versions: negative when `a` is older than `b`, positive when newer, 0
 * when they are the same version (`2.1` and `2.1.0` are the same).
 * @public
 */
export function compareVersions(a: string, b: string): number {
  const versionA = tokenize(a);
  const versionB = tokenize(b);
  if (versionA.epoch !== versionB.epoch) {
    return Math.sign(versionA.epoch - versionB.epoch);
  }
  const main = compareComponents(versionA.tokens, versionB.tokens);
  if (main !== 0) return Math.sign(main);
  // A local part (`+cu124`) only breaks ties, and a version with one sorts after the
  // same version without (as PEP 440 has it).
  if (versionA.local.length === 0 || versionB.local.length === 0) {
    return Math.sign(versionA.local.length - versionB.local.length);
  }
  return Math.sign(compareComponents(versionA.local, versionB.local));
}
