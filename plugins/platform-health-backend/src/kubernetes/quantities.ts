/**
 * Kubernetes resource quantities ("250m", "1.5", "512Mi", "2G", "1e3") as numbers:
 * CPU in cores, everything else in base units (bytes for memory).
 */
const SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)([a-zA-Z]*)$/;

/** The quantity as a number, or undefined when it is not one (absent or malformed). */
export function parseQuantity(
  value: string | number | undefined,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  const match = QUANTITY.exec(value.trim());
  if (!match) return undefined;
  const factor = SUFFIXES[match[2]];
  if (factor === undefined) return undefined;
  const number = Number(match[1]);
  return Number.isFinite(number) ? number * factor : undefined;
}

/** Like {@link parseQuantity}, with 0 for what is absent or malformed. */
export function quantity(value: string | number | undefined): number {
  return parseQuantity(value) ?? 0;
}
