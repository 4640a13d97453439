import type { Notebook, NotebookCell } from '../components/notebook';

export const code = (
  source: string,
  outputs: NotebookCell['outputs'] = [],
  count = 1,
): NotebookCell => ({
  cell_type: 'code',
  source,
  outputs,
  execution_count: count,
  metadata: {},
});

export const markdown = (source: string): NotebookCell => ({
  cell_type: 'markdown',
  source,
  metadata: {},
});

export const notebook = (cells: NotebookCell[]): Notebook => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { language_info: { name: 'python' } },
  cells,
});

/**
 * A notebook whose outputs try every way to run code in the reader's browser: a
 * script element, an onerror handler, a javascript: link (in HTML output and in
 * markdown), an SVG with a script and an onload handler. Each would set a flag on
 * window if it ran.
 */
export const hostileNotebook = notebook([
  markdown(
    '# Hostile\n\n[click me](javascript:window.__pwnedMarkdown=1)\n\n<img src=x onerror="window.__pwnedMarkdownHtml=1">',
  ),
  code('display(HTML(...))', [
    {
      output_type: 'display_data',
      metadata: {},
      data: {
        'text/html': [
          '<p id="hostile-html">hello</p>',
          '<script>window.__pwnedScript=1</script>',
          '<img id="hostile-img" src="x" onerror="window.__pwnedOnerror=1">',
          '<a id="hostile-link" href="javascript:window.__pwnedLink=1">link</a>',
        ],
        'text/plain': '<IPython.core.display.HTML object>',
      },
    },
  ]),
  code('display(SVG(...))', [
    {
      output_type: 'display_data',
      metadata: {},
      data: {
        'image/svg+xml':
          '<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwnedSvg=1"><script>window.__pwnedSvgScript=1</script><circle r="5"/></svg>',
      },
    },
  ]),
]);

export const PWNED_FLAGS = [
  '__pwnedMarkdown',
  '__pwnedMarkdownHtml',
  '__pwnedScript',
  '__pwnedOnerror',
  '__pwnedLink',
  '__pwnedSvg',
  '__pwnedSvgScript',
];
