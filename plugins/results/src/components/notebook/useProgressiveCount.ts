import { useEffect, useMemo, useState } from 'react';

/** Weight (roughly characters of source and output) rendered per batch. */
export const BATCH_WEIGHT = 200_000;
/** Cells per batch at most, however light. */
export const BATCH_CELLS = 100;

/**
 * The cell counts at which each batch ends: a batch closes when it has BATCH_CELLS
 * cells or BATCH_WEIGHT of weight, so a 5 MB output renders alone and 2,000 short cells
 * render in 20 steps.
 */
export function batchEnds(weights: number[]): number[] {
  const ends: number[] = [];
  let weight = 0;
  let cells = 0;
  weights.forEach((w, i) => {
    weight += w;
    cells += 1;
    if (weight >= BATCH_WEIGHT || cells >= BATCH_CELLS) {
      ends.push(i + 1);
      weight = 0;
      cells = 0;
    }
  });
  if (ends[ends.length - 1] !== weights.length && weights.length > 0)
    ends.push(weights.length);
  return ends;
}

type Idle = (cb: () => void) => number;

// requestIdleCallback lets the browser paint and handle input between batches; Safari
// and jsdom lack it, and a zero timeout does the same job there.
const scheduleIdle: Idle = cb =>
  typeof window !== 'undefined' && 'requestIdleCallback' in window
    ? window.requestIdleCallback(cb, { timeout: 200 })
    : (setTimeout(cb, 0) as unknown as number);

const cancelIdle = (id: number) =>
  typeof window !== 'undefined' && 'cancelIdleCallback' in window
    ? window.cancelIdleCallback(id)
    : clearTimeout(id);

/**
 * How many of the cells to render now: the first batch at once, each further batch
 * when the browser is idle, so a notebook of thousands of cells or tens of MB shows its
 * head at once and never blocks the page for long.
 */
export function useProgressiveCount(weights: number[]): number {
  const ends = useMemo(() => batchEnds(weights), [weights]);
  const [batch, setBatch] = useState(0);
  useEffect(() => setBatch(0), [ends]);
  useEffect(() => {
    if (batch >= ends.length - 1) return undefined;
    const id = scheduleIdle(() => setBatch(b => b + 1));
    return () => cancelIdle(id);
  }, [batch, ends]);
  return ends.length === 0 ? 0 : ends[Math.min(batch, ends.length - 1)];
}
