import { useId, useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/frontend-plugin-api';
import type { AccessRequest } from '@internal/plugin-data-access-common';
import { dataAccessApiRef } from '../api';
import { useSubmission } from './fields';
import { ACCESS_LABELS, lastDay, sourceName, subjectName } from './format';

/** An approval or refusal about to be sent, with the request it answers. */
export interface PendingDecision {
  request: AccessRequest;
  decision: 'approve' | 'refuse';
  /** The source is restricted: an owner's approval is not enough on its own. */
  restricted: boolean;
}

function DecisionForm(props: {
  pending: PendingDecision;
  onClose: () => void;
  onDecided: () => void;
}) {
  const { request, decision, restricted } = props.pending;
  const api = useApi(dataAccessApiRef);
  const id = useId();
  const [comment, setComment] = useState('');
  const submission = useSubmission();
  const who = subjectName(request.requester);
  const forWhom = request.forGroup
    ? `${who}, for ${subjectName(request.forGroup)}`
    : who;
  const until = request.expiresAt
    ? ` through ${lastDay(request.expiresAt)}`
    : ' with no end date';
  const send = async () => {
    const body = { decision, ...(comment.trim() ? { comment } : {}) };
    if (await submission.run(() => api.decide(request.id, body))) {
      props.onDecided();
    }
  };
  return (
    <>
      <DialogContent>
        {submission.error && (
          <Alert severity="error">{submission.error}</Alert>
        )}
        <DialogContentText>
          {forWhom} asks for {ACCESS_LABELS[request.access].toLowerCase()}{' '}
          access{until}: “{request.reason}”
        </DialogContentText>
        {restricted && decision === 'approve' && (
          <Alert severity="info">
            This source is restricted: it needs an admin&apos;s approval too.
            {request.status === 'owner-approved'
              ? ' Its owner has approved it already.'
              : ' An owner’s approval alone grants nothing yet.'}
          </Alert>
        )}
        <TextField
          id={`${id}-comment`}
          label={decision === 'refuse' ? 'Why (the requester reads it)' : 'Comment (optional)'}
          value={comment}
          onChange={e => setComment(e.target.value)}
          multiline
          minRows={2}
          fullWidth
          margin="normal"
          variant="outlined"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          color={decision === 'refuse' ? 'secondary' : 'primary'}
          variant="contained"
          disabled={submission.busy}
          onClick={send}
        >
          {decision === 'refuse' ? 'Refuse' : 'Approve'}
        </Button>
      </DialogActions>
    </>
  );
}

/** Approves or refuses one access request, with a comment the requester is sent. */
export function DecisionDialog(props: {
  pending?: PendingDecision;
  onClose: () => void;
  onDecided: () => void;
}) {
  const titleId = useId();
  const { pending } = props;
  const title = pending
    ? `${pending.decision === 'refuse' ? 'Refuse' : 'Approve'} access to ${sourceName(pending.request.source)}`
    : '';
  return (
    <Dialog
      open={!!pending}
      onClose={props.onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id={titleId}>{title}</DialogTitle>
      {pending && (
        <DecisionForm
          pending={pending}
          onClose={props.onClose}
          onDecided={props.onDecided}
        />
      )}
    </Dialog>
  );
}
