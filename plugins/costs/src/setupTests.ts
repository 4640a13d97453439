import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// recharts' ResponsiveContainer watches its box with ResizeObserver, which jsdom lacks.
// jsdom lays nothing out either, so the chart draws no bars here: tests check the
// figures in the tables beside it, and the chart's rows through chartData().
class NoLayoutResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??=
  NoLayoutResizeObserver as unknown as typeof ResizeObserver;

// The admin page renders several material-table tables at once; on a machine shared
// with other test runs, their first render can take longer than the default second.
configure({ asyncUtilTimeout: 5_000 });
