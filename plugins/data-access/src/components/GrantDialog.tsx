import { useId, useState, type FormEvent } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/frontend-plugin-api';
import { CatalogSubjectPicker } from '@internal/frontend-kit';
import type {
  AccessLevel,
  DataGrant,
  DataSource,
} from '@internal/plugin-data-access-common';
import { dataAccessApiRef } from '../api';
import { AccessLevelField, ExpiryField, useSubmission } from './fields';
import { lastDay, subjectName } from './format';

/** What the grant dialog works on: a new grant (maybe for a given group) or one grant. */
export interface GrantTarget {
  source: Pick<DataSource, 'ref' | 'name'>;
  /** The group of the matrix cell clicked, for a new grant. */
  subject?: string;
  grant?: DataGrant;
}

function GrantForm(props: {
  target: GrantTarget;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { source, grant } = props.target;
  const api = useApi(dataAccessApiRef);
  const id = useId();
  const [subject, setSubject] = useState(grant?.subject ?? props.target.subject);
  const [access, setAccess] = useState<AccessLevel>(grant?.access ?? 'read');
  const [expiry, setExpiry] = useState(lastDay(grant?.expiresAt));
  const [touched, setTouched] = useState(false);
  const submission = useSubmission();

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!subject) return;
    const saved = await submission.run(() =>
      grant
        ? api.changeGrant(grant.id, { access, expiresAt: expiry || null })
        : api.grant({
            source: source.ref,
            subject,
            access,
            ...(expiry ? { expiresAt: expiry } : {}),
          }),
    );
    if (saved) props.onSaved();
  };
  const end = async () => {
    if (grant && (await submission.run(() => api.endGrant(grant.id)))) {
      props.onSaved();
    }
  };

  return (
    <form onSubmit={save} noValidate>
      <DialogContent>
        {submission.error && (
          <Alert severity="error">{submission.error}</Alert>
        )}
        {grant && (
          <DialogContentText>
            Ending the access takes effect at once: workspaces of{' '}
            {subjectName(grant.subject)} launched from now on no longer get{' '}
            {source.name}, and running ones holding it are listed to admins.
          </DialogContentText>
        )}
        <CatalogSubjectPicker
          id={`${id}-subject`}
          label="Group or person"
          kinds={['group', 'user']}
          required
          value={subject}
          onChange={setSubject}
          disabled={!!grant}
          helperText={
            grant
              ? 'To give the access to someone else, end it and grant it to them'
              : 'A group (its members get the access) or, as an exception, a person'
          }
          error={touched && !subject ? 'Pick a group or a person' : undefined}
        />
        <AccessLevelField value={access} onChange={setAccess} />
        <ExpiryField
          id={`${id}-expiry`}
          value={expiry}
          onChange={setExpiry}
          helperText="The access ends by itself after this day; leave empty to keep it until ended"
        />
      </DialogContent>
      <DialogActions>
        {grant && (
          <Button
            color="secondary"
            disabled={submission.busy}
            onClick={end}
            style={{ marginRight: 'auto' }}
          >
            End access
          </Button>
        )}
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          type="submit"
          color="primary"
          variant="contained"
          disabled={submission.busy}
        >
          {grant ? 'Save' : 'Grant'}
        </Button>
      </DialogActions>
    </form>
  );
}

/**
 * Grants access to a data source, or changes or ends one grant. Its form mounts on each
 * opening, so it starts from the grant as it is.
 */
export function GrantDialog(props: {
  target?: GrantTarget;
  onClose: () => void;
  onSaved: () => void;
}) {
  const titleId = useId();
  const { target } = props;
  let title = '';
  if (target?.grant) {
    title = `Access of ${subjectName(target.grant.subject)} to ${target.source.name}`;
  } else if (target) {
    title = `Grant access to ${target.source.name}`;
  }
  return (
    <Dialog
      open={!!target}
      onClose={props.onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id={titleId}>{title}</DialogTitle>
      {target && (
        <GrantForm
          target={target}
          onClose={props.onClose}
          onSaved={props.onSaved}
        />
      )}
    </Dialog>
  );
}
