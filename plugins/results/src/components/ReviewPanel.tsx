import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { InfoCard } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  AsyncContent,
  CatalogSubjectPicker,
  couldNotLoad,
  errorMessage,
} from '@internal/frontend-kit';
import type {
  Result,
  ResultReview,
  ReviewDecision,
} from '@internal/plugin-results-common';
import { resultsApiRef } from '../api';
import { REVIEW_LABELS, formatTime, shortRef } from './format';

function Decide(props: { review: ResultReview; onDone: () => void }) {
  const { review, onDone } = props;
  const api = useApi(resultsApiRef);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const decide = async (decision: ReviewDecision) => {
    setBusy(true);
    setError(undefined);
    try {
      await api.decideReview(review.resultId, review.id, {
        decision,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <TextField
        fullWidth
        margin="dense"
        id={`review-note-${review.id}`}
        label="Note to the author"
        value={note}
        onChange={e => setNote(e.target.value)}
      />
      <Button
        color="primary"
        variant="contained"
        disabled={busy}
        onClick={() => decide('approved')}
      >
        Approve
      </Button>{' '}
      <Button
        variant="outlined"
        disabled={busy}
        onClick={() => decide('changes-requested')}
      >
        Request changes
      </Button>
      {error && <Alert severity="error">{error}</Alert>}
    </div>
  );
}

/**
 * The result's reviews: the author asks someone to review a version; the reviewer
 * approves or requests changes here; the result's state is its latest review's.
 */
export function ReviewPanel(props: {
  result: Result;
  version: number;
  viewerRef?: string;
  onChanged: () => void;
}) {
  const { result, version, viewerRef, onChanged } = props;
  const api = useApi(resultsApiRef);
  const reviews = useAsyncRetry(
    () => api.listReviews(result.id),
    [api, result.id],
  );
  const [reviewer, setReviewer] = useState<string>();
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const isAuthor = viewerRef === result.authorRef;

  const refresh = () => {
    reviews.retry();
    onChanged();
  };
  const request = async () => {
    if (!reviewer) {
      setError('Pick the person who should review it.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await api.requestReview(result.id, {
        reviewerRef: reviewer,
        version,
        ...(message.trim() ? { message: message.trim() } : {}),
      });
      setReviewer(undefined);
      setMessage('');
      refresh();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <InfoCard title={`Review: ${REVIEW_LABELS[result.reviewState]}`}>
      <AsyncContent state={reviews} failureTitle={couldNotLoad('the reviews')}>
        {items => (
          <List dense>
            {items.length === 0 && (
              <ListItem>No review asked for yet.</ListItem>
            )}
            {items.map(r => (
              <ListItem key={r.id} divider style={{ display: 'block' }}>
                <ListItemText
                  primary={`v${r.version}: ${
                    REVIEW_LABELS[r.state]
                  } · reviewer ${shortRef(r.reviewerRef)}`}
                  secondary={[
                    `asked by ${shortRef(r.requestedBy)} ${formatTime(
                      r.createdAt,
                    )}${r.message ? `: ${r.message}` : ''}`,
                    r.decidedAt
                      ? `decided ${formatTime(r.decidedAt)}${
                          r.note ? `: ${r.note}` : ''
                        }`
                      : '',
                  ]
                    .filter(Boolean)
                    .join(' — ')}
                />
                {r.state === 'requested' && r.reviewerRef === viewerRef && (
                  <Decide review={r} onDone={refresh} />
                )}
              </ListItem>
            ))}
          </List>
        )}
      </AsyncContent>
      {isAuthor && (
        <div>
          <CatalogSubjectPicker
            id="review-reviewer"
            label="Reviewer"
            kinds={['user']}
            value={reviewer}
            onChange={setReviewer}
            helperText="A person from the catalog; they are notified"
          />
          <TextField
            margin="dense"
            id="review-message"
            label="Message"
            value={message}
            onChange={e => setMessage(e.target.value)}
          />{' '}
          <Button
            variant="outlined"
            disabled={busy || !reviewer}
            onClick={request}
          >
            Request review of v{version}
          </Button>
        </div>
      )}
      {error && <Alert severity="error">{error}</Alert>}
    </InfoCard>
  );
}
