import { memo, useState } from 'react';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import { NotebookMarkdown } from './NotebookMarkdown';
import { joinText, stripAnsi, type NotebookOutput } from './nbformat';
import { imageDataUrl, sanitizeHtml, svgDataUrl } from './sanitize';

const useStyles = makeStyles(theme => ({
  text: {
    margin: 0,
    padding: theme.spacing(0.5, 1),
    fontFamily: 'monospace',
    fontSize: '0.85rem',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
    overflowX: 'auto',
  },
  stderr: { background: theme.palette.type === 'dark' ? '#402020' : '#fdecea' },
  error: {
    background: theme.palette.type === 'dark' ? '#402020' : '#fdecea',
    borderLeft: `3px solid ${theme.palette.error.main}`,
  },
  html: {
    overflowX: 'auto',
    '& table': { borderCollapse: 'collapse', fontSize: '0.85rem' },
    '& th, & td': {
      border: `1px solid ${theme.palette.divider}`,
      padding: theme.spacing(0.25, 1),
      textAlign: 'right',
    },
    '& img': { maxWidth: '100%' },
  },
  image: { maxWidth: '100%', background: '#fff' },
}));

/** Text longer than this many lines shows its head and a button for the rest. */
export const TEXT_LINES_SHOWN = 500;

function LongText(props: { text: string; className: string }) {
  const { text, className } = props;
  const [all, setAll] = useState(false);
  const lines = text.split('\n');
  if (all || lines.length <= TEXT_LINES_SHOWN)
    return <pre className={className}>{text}</pre>;
  return (
    <>
      <pre className={className}>
        {lines.slice(0, TEXT_LINES_SHOWN).join('\n')}
      </pre>
      <Button size="small" onClick={() => setAll(true)}>
        Show all {lines.length.toLocaleString('en-US')} lines
      </Button>
    </>
  );
}

/**
 * The mime types shown, richest first, as Jupyter picks them. Others (widgets,
 * JavaScript, plotly's JSON) are not shown: JavaScript outputs would be code run in the
 * portal, which is exactly what a shared notebook must not do.
 */
const MIME_ORDER = [
  'text/html',
  'image/svg+xml',
  'image/png',
  'image/jpeg',
  'image/gif',
  'text/markdown',
  'text/latex',
  'application/json',
  'text/plain',
];

/** The richest mime type of an output the renderer can show, if any. */
export function pickMime(data: Record<string, unknown>): string | undefined {
  return MIME_ORDER.find(mime => data[mime] !== undefined);
}

function RichOutput(props: { data: Record<string, unknown> }) {
  const { data } = props;
  const classes = useStyles();
  const mime = pickMime(data);
  if (!mime) {
    return (
      <pre className={classes.text}>
        [output of type {Object.keys(data).join(', ') || 'none'} not shown]
      </pre>
    );
  }
  const value = data[mime];
  const text = typeof value === 'string' ? value : joinText(value);
  switch (mime) {
    case 'text/html':
      return (
        <div
          className={classes.html}
          // Sanitized by DOMPurify: no scripts, handlers or javascript: URLs.
          dangerouslySetInnerHTML={{ __html: sanitizeHtml(text) }}
        />
      );
    case 'image/svg+xml':
      return (
        <img
          className={classes.image}
          alt="SVG output"
          src={svgDataUrl(text)}
        />
      );
    case 'image/png':
    case 'image/jpeg':
    case 'image/gif': {
      const src = imageDataUrl(mime, text);
      return src ? (
        <img className={classes.image} alt="Notebook output" src={src} />
      ) : (
        <pre className={classes.text}>[image that is not base64 not shown]</pre>
      );
    }
    case 'text/markdown':
      return <NotebookMarkdown source={text} />;
    case 'text/latex':
      return <NotebookMarkdown source={text} />;
    case 'application/json':
      return (
        <LongText
          className={classes.text}
          text={JSON.stringify(value, null, 2)}
        />
      );
    default:
      return <LongText className={classes.text} text={stripAnsi(text)} />;
  }
}

/** One output of a code cell. */
export const CellOutput = memo(function CellOutputView(props: {
  output: NotebookOutput;
}) {
  const { output } = props;
  const classes = useStyles();
  switch (output.output_type) {
    case 'stream':
      return (
        <LongText
          className={`${classes.text} ${
            output.name === 'stderr' ? classes.stderr : ''
          }`}
          text={stripAnsi(joinText(output.text))}
        />
      );
    case 'error':
      return (
        <LongText
          className={`${classes.text} ${classes.error}`}
          text={stripAnsi(
            (output.traceback ?? []).join('\n') ||
              `${output.ename ?? 'Error'}: ${output.evalue ?? ''}`,
          )}
        />
      );
    case 'display_data':
    case 'execute_result':
      return <RichOutput data={output.data ?? {}} />;
    default:
      return null;
  }
});
