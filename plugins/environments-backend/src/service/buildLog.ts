import {
  extractSolverMessage,
  type CondaStoreBuildLog,
} from '@internal/plugin-environments-common';

/**
 * A build's log for people: the solver's message picked out of the whole log, and the
 * log itself cut to its last `maxBytes` (a solver failure and a traceback end a log, so
 * the end is the part worth keeping).
 */
export function capBuildLog(
  buildId: number,
  log: string,
  maxBytes: number,
): CondaStoreBuildLog {
  const bytes = Buffer.from(log, 'utf8');
  const solverMessage = extractSolverMessage(log);
  const truncated = bytes.length > maxBytes;
  // Cut at a line start so the first line shown is whole (and no UTF-8 sequence split).
  let kept = log;
  if (truncated) {
    const tail = bytes.subarray(bytes.length - maxBytes).toString('utf8');
    const newline = tail.indexOf('\n');
    kept = newline >= 0 ? tail.slice(newline + 1) : tail;
  }
  return {
    buildId,
    log: kept,
    truncated,
    sizeBytes: bytes.length,
    ...(solverMessage ? { solverMessage } : {}),
  };
}
