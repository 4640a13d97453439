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

/** A Kubernetes resource.Quantity ("250m", "1.5", "512Mi", "1e9") as a number; 0 when malformed. */
export function parseQuantity(quantity: unknown): number {
  if (typeof quantity === 'number') return quantity;
  if (typeof quantity !== 'string') return 0;
  const match = /^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)([a-zA-Z]*)$/.exec(quantity.trim());
  if (!match) return 0;
  const factor = SUFFIXES[match[2]];
  return factor === undefined ? 0 : Number(match[1]) * factor;
}

/** CPU in nanocores, as metrics-server reports it ("1500000n"). */
export function formatNanoCores(cores: number): string {
  return `${Math.round(cores * 1e9)}n`;
}

/** Memory in kibibytes, as metrics-server reports it ("1024Ki"). */
export function formatKibibytes(bytes: number): string {
  return `${Math.round(bytes / 1024)}Ki`;
}

/** CPU as a millicore quantity ("250m"), as status.used in a ResourceQuota. */
export function formatMilliCores(cores: number): string {
  const milli = Math.round(cores * 1000);
  return milli % 1000 === 0 ? `${milli / 1000}` : `${milli}m`;
}

/** Memory as a binary-suffix quantity ("8Gi", "1536Mi"), as status.used in a ResourceQuota. */
export function formatBytes(bytes: number): string {
  for (const [suffix, factor] of [
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
  ] as const) {
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor}${suffix}`;
  }
  return `${bytes}`;
}
