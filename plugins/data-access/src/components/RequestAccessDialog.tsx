import { useId, useState, type FormEvent } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import type {
  AccessLevel,
  DataSource,
} from '@internal/plugin-data-access-common';
import { dataAccessApiRef } from '../api';
import { AccessLevelField, ExpiryField, useSubmission } from './fields';
import { subjectName } from './format';

const MAX_REASON = 2000;

/** The groups the signed-in person belongs to, from their Backstage identity. */
function useMyGroups(): string[] {
  const identityApi = useApi(identityApiRef);
  const identity = useAsync(() => identityApi.getBackstageIdentity(), [
    identityApi,
  ]);
  return (identity.value?.ownershipEntityRefs ?? []).filter(ref =>
    ref.startsWith('group:'),
  );
}

function RequestForm(props: {
  source: DataSource;
  initialAccess: AccessLevel;
  onClose: () => void;
  onSent: () => void;
}) {
  const { source } = props;
  const api = useApi(dataAccessApiRef);
  const id = useId();
  const groups = useMyGroups();
  const [access, setAccess] = useState<AccessLevel>(props.initialAccess);
  const [reason, setReason] = useState('');
  const [expiry, setExpiry] = useState('');
  const [forGroup, setForGroup] = useState('');
  const [touched, setTouched] = useState(false);
  const submission = useSubmission();
  const reasonProblem = !reason.trim()
    ? 'Say why you need it: the owner decides on it'
    : undefined;

  const send = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (reasonProblem) return;
    const sent = await submission.run(() =>
      api.requestAccess({
        source: source.ref,
        access,
        reason: reason.trim(),
        ...(expiry ? { expiresAt: expiry } : {}),
        ...(forGroup ? { forGroup } : {}),
      }),
    );
    if (sent) props.onSent();
  };

  return (
    <form onSubmit={send} noValidate>
      <DialogContent>
        {submission.error && (
          <Alert severity="error">{submission.error}</Alert>
        )}
        <DialogContentText>
          The owner ({subjectName(source.owner)}) or an admin decides
          {source.spec.sensitivity === 'restricted'
            ? '; this source is restricted, so an admin must approve it too'
            : ''}
          . You are told either way.
        </DialogContentText>
        <AccessLevelField value={access} onChange={setAccess} />
        <TextField
          id={`${id}-reason`}
          label="Reason"
          required
          multiline
          minRows={3}
          fullWidth
          margin="normal"
          variant="outlined"
          value={reason}
          onChange={e => setReason(e.target.value.slice(0, MAX_REASON))}
          error={touched && !!reasonProblem}
          helperText={
            (touched && reasonProblem) ||
            'What you will do with the data, for how long (up to 2,000 characters)'
          }
        />
        <ExpiryField
          id={`${id}-expiry`}
          value={expiry}
          onChange={setExpiry}
          helperText="When you no longer need it; leave empty to let the approver decide"
        />
        {groups.length > 0 && (
          <TextField
            id={`${id}-for`}
            select
            label="For"
            value={forGroup}
            onChange={e => setForGroup(e.target.value)}
            fullWidth
            margin="normal"
            variant="outlined"
            helperText="Ask for one of your groups to have the access with you"
          >
            <MenuItem value="">Me only</MenuItem>
            {groups.map(group => (
              <MenuItem key={group} value={group}>
                {subjectName(group)}
              </MenuItem>
            ))}
          </TextField>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          type="submit"
          color="primary"
          variant="contained"
          disabled={submission.busy}
        >
          Send request
        </Button>
      </DialogActions>
    </form>
  );
}

/** Asks a data source's owner for access, with a reason. */
export function RequestAccessDialog(props: {
  source: DataSource;
  /** Read-write for someone who can read already. */
  initialAccess: AccessLevel;
  open: boolean;
  onClose: () => void;
  onSent: () => void;
}) {
  const titleId = useId();
  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id={titleId}>
        Request access to {props.source.title ?? props.source.name}
      </DialogTitle>
      {props.open && (
        <RequestForm
          source={props.source}
          initialAccess={props.initialAccess}
          onClose={props.onClose}
          onSent={props.onSent}
        />
      )}
    </Dialog>
  );
}
