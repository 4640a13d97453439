import ReactMarkdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import 'katex/dist/katex.min.css';
import { makeStyles } from '@material-ui/core/styles';
import { joinText, type NotebookCell } from './nbformat';

const useStyles = makeStyles(theme => ({
  markdown: {
    ...theme.typography.body2,
    '& table': { borderCollapse: 'collapse' },
    '& th, & td': {
      border: `1px solid ${theme.palette.divider}`,
      padding: theme.spacing(0.5, 1),
    },
    '& img': { maxWidth: '100%' },
    '& pre': { overflowX: 'auto' },
  },
}));

const SAFE_URL = /^(https?:|mailto:|#|\/|\.\/|data:image\/(png|jpeg|gif);)/i;

/**
 * A markdown cell: GitHub-flavoured markdown (tables, task lists) and `$...$` /
 * `$$...$$` math typeset by KaTeX. Raw HTML in the markdown is not rendered at all
 * (react-markdown shows it as text without rehype-raw), and link and image URLs other
 * than http(s), mailto, relative and inline images are dropped, so `javascript:` links
 * lead nowhere.
 */
export function NotebookMarkdown(props: {
  source: string;
  attachments?: NotebookCell['attachments'];
}) {
  const { source, attachments } = props;
  const classes = useStyles();
  // `attachment:name.png` refers to an image embedded in the cell itself.
  const transformImageUri = (src: string) => {
    if (src.startsWith('attachment:')) {
      const bundle = attachments?.[src.slice('attachment:'.length)] ?? {};
      const [mime, data] = Object.entries(bundle)[0] ?? [];
      return mime ? `data:${mime};base64,${joinText(data)}` : '';
    }
    return SAFE_URL.test(src) ? src : '';
  };
  return (
    <div className={classes.markdown}>
      <ReactMarkdown
        remarkPlugins={[remarkGfm, remarkMath]}
        rehypePlugins={[rehypeKatex]}
        transformLinkUri={href => (SAFE_URL.test(href) ? href : '')}
        transformImageUri={transformImageUri}
        linkTarget="_blank"
      >
        {source}
      </ReactMarkdown>
    </div>
  );
}
