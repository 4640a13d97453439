import '@testing-library/jest-dom';

// recharts' ResponsiveContainer watches its box with ResizeObserver, which jsdom lacks.
// jsdom lays nothing out either, so the charts draw no lines here: tests check the
// figures' accessible names and the rows through chartRows().
class NoLayoutResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??=
  NoLayoutResizeObserver as unknown as typeof ResizeObserver;
