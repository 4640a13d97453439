import { useContent } from '@backstage/core-components';
import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles(theme => ({
  // Off-screen until focused, then over the top-left corner of the page.
  link: {
    position: 'fixed',
    top: theme.spacing(1),
    left: theme.spacing(1),
    zIndex: theme.zIndex.tooltip + 1,
    padding: theme.spacing(1, 2),
    background: theme.palette.background.paper,
    color: theme.palette.primary.main,
    fontWeight: theme.typography.fontWeightBold as number,
    borderRadius: theme.shape.borderRadius,
    transform: 'translateY(-200%)',
    '&:focus': {
      transform: 'none',
      outline: `2px solid ${theme.palette.primary.main}`,
    },
  },
}));

/**
 * The first Tab stop of every page: moves focus past the sidebar to the page's title.
 *
 * Backstage's own skip button renders only if the page header is already mounted when
 * the sidebar renders, which it never is on first load, so it is missing. This one is
 * always there; without a header it focuses the page's `<main>`, `<article>` or title.
 */
export function SkipToContent() {
  const classes = useStyles();
  const { contentRef } = useContent();
  const skip = (event: React.MouseEvent) => {
    event.preventDefault();
    // Pages built with the new frontend system's layout have no core-components
    // header (contentRef stays empty) and some have no <main>: take what there is.
    const target =
      contentRef?.current ??
      document.querySelector<HTMLElement>('main, article, h1');
    if (!target) return;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  };
  return (
    <a href="#main-content" className={classes.link} onClick={skip}>
      Skip to main content
    </a>
  );
}
