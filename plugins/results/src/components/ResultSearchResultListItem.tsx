import { Link } from '@backstage/core-components';
import { HighlightedSearchResultText } from '@backstage/plugin-search-react';
import type { ResultHighlight } from '@backstage/plugin-search-common';
import type { ResultSearchDocument } from '@internal/plugin-results-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';

const shortRef = (ref: string) => ref.replace(/^[a-z]+:(default\/)?/, '');

/**
 * A result found by search, shaped like the catalog's hits: its title (linking to the
 * result page), the matching text, and who published it in which project.
 */
export function ResultSearchResultListItem(props: {
  result?: ResultSearchDocument;
  highlight?: ResultHighlight;
  icon?: ReactNode | ((result: ResultSearchDocument) => ReactNode);
  lineClamp?: number;
}) {
  const { result, highlight } = props;
  if (!result) return null;
  const highlighted = (field: 'title' | 'text', plain: string) =>
    highlight?.fields[field] ? (
      <HighlightedSearchResultText
        text={highlight.fields[field]}
        preTag={highlight.preTag}
        postTag={highlight.postTag}
      />
    ) : (
      plain
    );
  return (
    <Box display="flex">
      {props.icon && (
        <ListItemIcon>
          {typeof props.icon === 'function' ? props.icon(result) : props.icon}
        </ListItemIcon>
      )}
      <Box flexWrap="wrap">
        <ListItemText
          primaryTypographyProps={{ variant: 'h6' }}
          primary={
            <Link noTrack to={result.location}>
              {highlighted('title', result.title)}
            </Link>
          }
          secondary={
            <Typography
              component="span"
              color="textSecondary"
              variant="body2"
              style={{
                display: '-webkit-box',
                WebkitBoxOrient: 'vertical',
                WebkitLineClamp: props.lineClamp ?? 3,
                overflow: 'hidden',
              }}
            >
              {highlighted('text', result.text)}
            </Typography>
          }
        />
        <Box mb={2}>
          <Chip size="small" label="Result" />
          <Chip size="small" label={`by ${shortRef(result.authorRef)}`} />
          {result.projectRef && (
            <Chip size="small" label={`project ${shortRef(result.projectRef)}`} />
          )}
          <Chip size="small" label={`version ${result.latestVersion}`} />
        </Box>
      </Box>
    </Box>
  );
}
