import {
  act,
  fireEvent,
  screen,
  within,
} from '@testing-library/react';
import { renderSettled } from '@internal/frontend-kit/testUtils';
import { NotebookView } from './NotebookView';
import {
  PWNED_FLAGS,
  code,
  hostileNotebook,
  markdown,
  notebook,
} from '../../__testUtils__/notebooks';
import { sanitizeSvg, svgDataUrl } from './sanitize';
import { TEXT_LINES_SHOWN } from './CellOutput';

const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('NotebookView', () => {
  it('renders markdown with math, highlighted code and every kind of output', async () => {
    await renderSettled(
      <NotebookView
        notebook={notebook([
          markdown(
            '# Title\n\nEnergy $E = mc^2$\n\n| a | b |\n|---|---|\n| 1 | 2 |',
          ),
          code('print("hi")', [
            { output_type: 'stream', name: 'stdout', text: ['hi\n'] },
          ]),
          code(
            'df',
            [
              {
                output_type: 'execute_result',
                execution_count: 2,
                metadata: {},
                data: {
                  'text/html':
                    '<table><tr><th>x</th></tr><tr><td>42</td></tr></table>',
                  'text/plain': 'x 42',
                },
              },
            ],
            2,
          ),
          code(
            'plot()',
            [
              {
                output_type: 'display_data',
                metadata: {},
                data: { 'image/png': PNG },
              },
            ],
            3,
          ),
          code(
            '1/0',
            [
              {
                output_type: 'error',
                ename: 'ZeroDivisionError',
                evalue: 'division by zero',
                traceback: [
                  '\u001b[0;31mZeroDivisionError\u001b[0m: division by zero',
                ],
              },
            ],
            4,
          ),
        ])}
      />,
    );
    expect(screen.getByRole('heading', { name: 'Title' })).toBeInTheDocument();
    // KaTeX typesets the math (its MathML copy carries the annotation).
    expect(document.querySelector('.katex')).not.toBeNull();
    expect(screen.getByRole('cell', { name: '2' })).toBeInTheDocument();
    expect(screen.getByText('hi')).toBeInTheDocument();
    expect(screen.getByRole('cell', { name: '42' })).toBeInTheDocument();
    expect(screen.getByAltText('Notebook output')).toHaveAttribute(
      'src',
      `data:image/png;base64,${PNG}`,
    );
    // ANSI colour codes are stripped from the traceback.
    expect(
      screen.getByText('ZeroDivisionError: division by zero'),
    ).toBeInTheDocument();
    expect(screen.getByText('In [4]:')).toBeInTheDocument();
    expect(screen.getAllByTestId('cell-source')).toHaveLength(4);
  });

  it('hides code in report mode, keeping markdown and outputs', async () => {
    await renderSettled(
      <NotebookView
        mode="report"
        notebook={notebook([
          markdown('## Findings'),
          code('secret_code = 1', []),
          code('print("result")', [
            { output_type: 'stream', name: 'stdout', text: 'result' },
          ]),
        ])}
      />,
    );
    expect(
      screen.getByRole('heading', { name: 'Findings' }),
    ).toBeInTheDocument();
    expect(screen.getByText('result')).toBeInTheDocument();
    expect(screen.queryByText(/secret_code/)).toBeNull();
    expect(screen.queryByText(/print\(/)).toBeNull();
    expect(screen.queryByTestId('cell-source')).toBeNull();
  });

  it('executes nothing from a hostile notebook', async () => {
    await renderSettled(<NotebookView notebook={hostileNotebook} />);
    const article = screen.getByRole('article');
    expect(within(article).getByText('hello')).toBeInTheDocument();
    expect(article.querySelector('script')).toBeNull();
    expect(article.querySelector('[onerror]')).toBeNull();
    expect(article.querySelector('[onload]')).toBeNull();
    for (const a of Array.from(article.querySelectorAll('a'))) {
      expect(a.getAttribute('href') ?? '').not.toMatch(/javascript:/i);
    }
    expect(document.getElementById('hostile-img')).not.toHaveAttribute(
      'onerror',
    );
    expect(document.getElementById('hostile-link')).not.toHaveAttribute('href');
    // The markdown's raw <img onerror> is not HTML to react-markdown: it stays text.
    expect(
      article.querySelector('img[src="x"]')?.getAttribute('onerror'),
    ).toBeFalsy();
    for (const flag of PWNED_FLAGS) {
      expect((window as any)[flag]).toBeUndefined();
    }
  });

  it('strips scripts and handlers from SVG', () => {
    const clean = sanitizeSvg(
      '<svg xmlns="http://www.w3.org/2000/svg" onload="x()"><script>x()</script><circle r="5"/></svg>',
    );
    expect(clean).toContain('<circle');
    expect(clean).not.toMatch(/script|onload/);
    // Shown as an image, an SVG needs its namespace, which sanitizing may drop.
    expect(
      decodeURIComponent(svgDataUrl('<svg><circle r="5"/></svg>')),
    ).toMatch(
      /^data:image\/svg\+xml;charset=utf-8,<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/,
    );
  });

  it('renders a large notebook in batches, saying how far it got', async () => {
    const cells = Array.from({ length: 300 }, (_, i) =>
      code(
        `x = ${i}`,
        [{ output_type: 'stream', name: 'stdout', text: `line ${i}` }],
        i,
      ),
    );
    // Batches wait for idle time (a timer in jsdom): fake timers hold them back, so what
    // the first render shows does not depend on how loaded the machine is.
    jest.useFakeTimers();
    try {
      // Report mode: jsdom is slow at highlighting, and batching is the same in both modes.
      await renderSettled(
        <NotebookView mode="report" notebook={notebook(cells)} />,
      );
      // The first batch is there at once, the rest arrives while the page is idle.
      expect(screen.getByText('line 0')).toBeInTheDocument();
      expect(screen.queryByText('line 299')).toBeNull();
      expect(screen.getByRole('status')).toHaveTextContent(
        /Rendering [\d,]+ of 300 cells/,
      );
      // Each batch is scheduled once the one before has rendered: one timer per batch.
      for (let batch = 0; batch < 10 && !screen.queryByText('line 299'); batch++) {
        await act(async () => {
          jest.runOnlyPendingTimers();
        });
      }
      expect(screen.getByText('line 299')).toBeInTheDocument();
      expect(screen.queryByRole('status')).toBeNull();
    } finally {
      jest.useRealTimers();
    }
  }, 30_000);

  it('shows the head of a long text output and the rest on request', async () => {
    const text = Array.from(
      { length: TEXT_LINES_SHOWN + 10 },
      (_, i) => `row ${i}`,
    ).join('\n');
    await renderSettled(
      <NotebookView
        notebook={notebook([
          code('dump()', [{ output_type: 'stream', name: 'stdout', text }]),
        ])}
      />,
    );
    expect(screen.queryByText(/row 505/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show all 510 lines' }));
    expect(screen.getByText(/row 505/)).toBeInTheDocument();
  });
});
