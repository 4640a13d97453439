import { useId, useState, type FormEvent, type ReactNode } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import { CatalogSubjectPicker, errorMessage } from '@internal/frontend-kit';
import { shortRef } from './format';

/** The state of a form that sets a limit (budget, quota) for a user or group. */
export interface SubjectLimitForm {
  subjectRef?: string;
  setSubjectRef: (ref: string | undefined) => void;
  /** Whether a save was tried: problems of untouched fields show from then on. */
  touched: boolean;
  submitting: boolean;
  /** Why the backend refused the last save (its 400 says what to fix). */
  error?: string;
  onSubmit: (event: FormEvent) => void;
}

/**
 * A limit form's subject and submission: `save` runs only with a subject and when the
 * form's own fields are `ready`; a refusal keeps the form open with the reason.
 */
export function useSubjectLimitForm<S>(options: {
  subjectRef?: string;
  ready: boolean;
  save: (subjectRef: string) => Promise<S>;
  onSaved: (status: S) => void;
}): SubjectLimitForm {
  const [subjectRef, setSubjectRef] = useState(options.subjectRef);
  const [touched, setTouched] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!subjectRef || !options.ready) return;
    setSubmitting(true);
    setError(undefined);
    try {
      options.onSaved(await options.save(subjectRef));
    } catch (e) {
      setError(errorMessage(e));
      setSubmitting(false);
    }
  };
  return { subjectRef, setSubjectRef, touched, submitting, error, onSubmit };
}

/**
 * The body of a limit dialog: the backend's refusal, the subject (fixed when editing),
 * the limit's own `children` fields, and Cancel / Save.
 */
export function SubjectLimitFormBody(props: {
  form: SubjectLimitForm;
  editing: boolean;
  saveLabel: string;
  onCancel: () => void;
  children: ReactNode;
}) {
  const { form } = props;
  const id = useId();
  return (
    <form onSubmit={form.onSubmit} noValidate>
      <DialogContent>
        {form.error && <Alert severity="error">{form.error}</Alert>}
        <CatalogSubjectPicker
          id={`${id}-subject`}
          label="User or group"
          required
          helperText={
            props.editing
              ? 'Who it applies to stays as it is: to move it, delete it and add a new one'
              : 'A person or a group from the catalog (a group covers its members)'
          }
          value={form.subjectRef}
          onChange={form.setSubjectRef}
          error={
            form.touched && !form.subjectRef
              ? 'Pick a user or group'
              : undefined
          }
          disabled={props.editing}
        />
        {props.children}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onCancel}>Cancel</Button>
        <Button
          type="submit"
          color="primary"
          variant="contained"
          disabled={form.submitting}
        >
          {form.submitting ? 'Saving…' : props.saveLabel}
        </Button>
      </DialogActions>
    </form>
  );
}

/**
 * The dialog that sets a limit for a user or group, or changes one (`editingRef`).
 * Its form mounts on each opening, so that it starts from the limit as it is.
 */
export function SubjectLimitDialog(props: {
  open: boolean;
  /** "budget" or "quota". */
  noun: string;
  editingRef?: string;
  onClose: () => void;
  children: ReactNode;
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
        {props.editingRef
          ? `Edit the ${props.noun} of ${shortRef(props.editingRef)}`
          : `Set a ${props.noun}`}
      </DialogTitle>
      {props.open && props.children}
    </Dialog>
  );
}
