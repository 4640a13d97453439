import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { InfoCard } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  AsyncContent,
  couldNotLoad,
  errorMessage,
} from '@internal/frontend-kit';
import { resultsApiRef } from '../api';
import { formatTime, shortRef } from './format';
import { joinText, type Notebook } from './notebook/nbformat';
import { cellKey } from './format';

const WHOLE = '';

/** A short label of a cell for the "on cell" choice: its number and first line. */
function cellLabel(cell: Notebook['cells'][number], index: number): string {
  const first = joinText(cell.source).split('\n')[0].slice(0, 60);
  return `Cell ${index + 1} (${cell.cell_type})${first ? `: ${first}` : ''}`;
}

/** Comments on one version, on the whole of it or on one cell; the author is notified. */
export function CommentsPanel(props: {
  resultId: string;
  version: number;
  notebook?: Notebook;
}) {
  const { resultId, version, notebook } = props;
  const api = useApi(resultsApiRef);
  const comments = useAsyncRetry(
    () => api.listComments(resultId, version),
    [api, resultId, version],
  );
  const [body, setBody] = useState('');
  const [cellId, setCellId] = useState(WHOLE);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const cells = notebook?.cells ?? [];
  const labelOf = (id: string | null) => {
    if (!id) return 'the whole version';
    const index = cells.findIndex((c, i) => cellKey(c, i) === id);
    return index >= 0 ? `cell ${index + 1}` : `cell ${id}`;
  };

  const add = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.addComment(resultId, version, {
        body: body.trim(),
        ...(cellId ? { cellId } : {}),
      });
      setBody('');
      comments.retry();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <InfoCard title={`Comments on v${version}`}>
      <AsyncContent
        state={comments}
        failureTitle={couldNotLoad('the comments')}
      >
        {items => (
          <List dense aria-label="Comments">
            {items.length === 0 && (
              <ListItem>No comments on this version yet.</ListItem>
            )}
            {items.map(c => (
              <ListItem key={c.id} divider>
                <ListItemText
                  primary={c.body}
                  secondary={`${shortRef(c.authorRef)} on ${labelOf(
                    c.cellId,
                  )}, ${formatTime(c.createdAt)}`}
                />
              </ListItem>
            ))}
          </List>
        )}
      </AsyncContent>
      <TextField
        fullWidth
        multiline
        minRows={2}
        margin="dense"
        id="comment-body"
        label="Comment"
        value={body}
        onChange={e => setBody(e.target.value)}
      />
      <TextField
        select
        fullWidth
        margin="dense"
        id="comment-cell"
        label="On"
        value={cellId}
        onChange={e => setCellId(e.target.value)}
      >
        <MenuItem value={WHOLE}>The whole version</MenuItem>
        {cells.map((cell, i) => (
          <MenuItem key={i} value={cellKey(cell, i)}>
            {cellLabel(cell, i)}
          </MenuItem>
        ))}
      </TextField>
      <Button variant="outlined" disabled={busy || !body.trim()} onClick={add}>
        Comment
      </Button>
      {error && <Alert severity="error">{error}</Alert>}
    </InfoCard>
  );
}
