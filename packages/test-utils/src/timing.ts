/**
 * How much later than its nominal time a bounded wait may end when CI runs jest's
 * workers side by side on 2 shared cores: the event loop of one worker stalls behind
 * the others (GC, a backend starting, PostgreSQL). Time bounds in tests are the
 * nominal time plus this, so they catch a wait that never ends or uses the wrong
 * timeout, not a busy machine. Where a bound must stay below another timeout to tell
 * the two apart, the test keeps that ordering instead (and says so).
 */
export const LOADED_CI_MARGIN_MS = 5_000;
