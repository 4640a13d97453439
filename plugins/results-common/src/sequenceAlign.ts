/**
 * Patience alignment of two sequences of keys: returns the index pairs `[i, j]` with
 * `a[i] === b[j]` that it keeps, in increasing order of both. Common prefix and suffix
 * first, then keys that occur exactly once on each side as anchors (their longest
 * increasing run), recursively between anchors. O(n log n) per level, which keeps a
 * 2,000-cell notebook cheap where an O(n·m) LCS table would not be.
 */
export function alignKeys(a: readonly string[], b: readonly string[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  alignRange(a, b, 0, a.length, 0, b.length, out);
  return out;
}

function alignRange(
  a: readonly string[],
  b: readonly string[],
  aLoIn: number,
  aHiIn: number,
  bLoIn: number,
  bHiIn: number,
  out: Array<[number, number]>,
): void {
  let aLo = aLoIn;
  let bLo = bLoIn;
  let aHi = aHiIn;
  let bHi = bHiIn;
  while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) {
    out.push([aLo++, bLo++]);
  }
  const suffix: Array<[number, number]> = [];
  while (aLo < aHi && bLo < bHi && a[aHi - 1] === b[bHi - 1]) {
    aHi--;
    bHi--;
    suffix.push([aHi, bHi]);
  }
  if (aLo < aHi && bLo < bHi) {
    const anchors = uniqueAnchors(a, b, aLo, aHi, bLo, bHi);
    let prevA = aLo;
    let prevB = bLo;
    for (const [i, j] of anchors) {
      alignRange(a, b, prevA, i, prevB, j, out);
      out.push([i, j]);
      prevA = i + 1;
      prevB = j + 1;
    }
    if (anchors.length > 0) {
      alignRange(a, b, prevA, aHi, prevB, bHi, out);
    }
  }
  for (let k = suffix.length - 1; k >= 0; k--) {
    out.push(suffix[k]);
  }
}

/** Keys unique on both sides, as pairs ordered by `i`, reduced to the longest run increasing in `j`. */
function uniqueAnchors(
  a: readonly string[],
  b: readonly string[],
  aLo: number,
  aHi: number,
  bLo: number,
  bHi: number,
): Array<[number, number]> {
  // index, or -1 once seen twice
  const inA = new Map<string, number>();
  for (let i = aLo; i < aHi; i++) {
    inA.set(a[i], inA.has(a[i]) ? -1 : i);
  }
  const inB = new Map<string, number>();
  for (let j = bLo; j < bHi; j++) {
    inB.set(b[j], inB.has(b[j]) ? -1 : j);
  }
  const pairs: Array<[number, number]> = [];
  for (let i = aLo; i < aHi; i++) {
    const j = inB.get(a[i]);
    if (inA.get(a[i]) === i && j !== undefined && j >= 0) {
      pairs.push([i, j]);
    }
  }
  return longestIncreasing(pairs);
}

/** Longest subsequence of pairs (already increasing in i) that also increases in j. */
export function longestIncreasing(
  pairs: Array<[number, number]>,
): Array<[number, number]> {
  const tails: number[] = []; // index into pairs of the smallest tail of each length
  const prev: number[] = new Array(pairs.length).fill(-1);
  for (let p = 0; p < pairs.length; p++) {
    const j = pairs[p][1];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]][1] < j) lo = mid + 1;
      else hi = mid;
    }
    prev[p] = lo > 0 ? tails[lo - 1] : -1;
    tails[lo] = p;
  }
  const result: Array<[number, number]> = [];
  for (let p = tails.length ? tails[tails.length - 1] : -1; p >= 0; p = prev[p]) {
    result.push(pairs[p]);
  }
  return result.reverse();
}

/**
 * Similarity of two texts in [0, 1]: Dice coefficient of their character bigrams (so a
 * one-character edit of a one-line cell still reads as "the same cell, changed").
 * Long texts are compared on their first 20,000 characters, enough to tell.
 */
export function similarity(x: string, y: string): number {
  if (x === y) return 1;
  const a = x.slice(0, 20000);
  const b = y.slice(0, 20000);
  if (a.length < 2 || b.length < 2) return 0;
  const grams = new Map<string, number>();
  for (let i = 0; i < a.length - 1; i++) {
    const g = a.substring(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  let common = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const g = b.substring(i, i + 2);
    const n = grams.get(g);
    if (n) {
      common++;
      grams.set(g, n - 1);
    }
  }
  return (2 * common) / (a.length - 1 + b.length - 1);
}

/**
 * 53-bit string hash (cyrb53): equal content gives equal hashes. Used to compare
 * outputs and metadata without keeping them; not a security boundary.
 */
export function hashString(str: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
