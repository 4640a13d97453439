import { useId, useState, type FormEvent } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/frontend-plugin-api';
import type { QuotaSpec, QuotaStatus } from '@internal/plugin-costs-common';
import { costsApiRef } from '../api';
import { errorMessage, shortRef } from './format';
import { SubjectPicker } from './SubjectPicker';

type LimitKey = Exclude<keyof QuotaSpec, 'subjectRef'>;

export const QUOTA_LIMITS: Array<{
  key: LimitKey;
  label: string;
  integer: boolean;
}> = [
  { key: 'maxCpu', label: 'Max CPU cores', integer: false },
  { key: 'maxMemoryGiB', label: 'Max memory (GiB)', integer: false },
  { key: 'maxGpu', label: 'Max GPUs', integer: true },
  {
    key: 'maxRunningWorkspaces',
    label: 'Max running workspaces',
    integer: true,
  },
];

type LimitTexts = Record<LimitKey, string>;

/**
 * The limits as typed: an empty field sets no limit; a number must be 0 or more, and
 * whole for GPUs and workspaces (0 GPUs is a valid limit: no GPU workspaces).
 */
export function parseLimits(texts: LimitTexts): {
  limits: Omit<QuotaSpec, 'subjectRef'>;
  problems: Partial<Record<LimitKey, string>>;
} {
  const limits: Omit<QuotaSpec, 'subjectRef'> = {};
  const problems: Partial<Record<LimitKey, string>> = {};
  for (const { key, integer } of QUOTA_LIMITS) {
    const text = texts[key].trim();
    if (!text) continue;
    const value = Number(text);
    if (!Number.isFinite(value)) {
      problems[key] = `“${text}” is not a number`;
    } else if (value < 0) {
      problems[key] = 'Must be 0 or more';
    } else if (integer && !Number.isInteger(value)) {
      problems[key] = 'Must be a whole number';
    } else {
      limits[key] = value;
    }
  }
  return { limits, problems };
}

function QuotaForm(props: {
  quota?: QuotaSpec;
  onSaved: (status: QuotaStatus) => void;
  onCancel: () => void;
}) {
  const api = useApi(costsApiRef);
  const id = useId();
  const editing = !!props.quota;
  const [subjectRef, setSubjectRef] = useState(props.quota?.subjectRef);
  const [texts, setTexts] = useState<LimitTexts>(() => {
    const text = (v?: number) =>
      v === undefined || v === null ? '' : String(v);
    return {
      maxCpu: text(props.quota?.maxCpu),
      maxMemoryGiB: text(props.quota?.maxMemoryGiB),
      maxGpu: text(props.quota?.maxGpu),
      maxRunningWorkspaces: text(props.quota?.maxRunningWorkspaces),
    };
  });
  const [touched, setTouched] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();

  const { limits, problems } = parseLimits(texts);
  const noLimit = Object.keys(limits).length === 0;
  const subjectProblem =
    touched && !subjectRef ? 'Pick a user or group' : undefined;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!subjectRef || noLimit || Object.keys(problems).length > 0) return;
    setSubmitting(true);
    setError(undefined);
    try {
      props.onSaved(await api.setQuota({ subjectRef, ...limits }));
    } catch (e) {
      setError(errorMessage(e));
      setSubmitting(false);
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <DialogContent>
        {error && <Alert severity="error">{error}</Alert>}
        <SubjectPicker
          id={`${id}-subject`}
          value={subjectRef}
          onChange={setSubjectRef}
          error={subjectProblem}
          disabled={editing}
        />
        <DialogContentText>
          Launches that would go over a limit are refused before they start.
          Leave a field empty for no limit; a group&apos;s limits hold for all
          its members together.
        </DialogContentText>
        {touched && noLimit && Object.keys(problems).length === 0 && (
          <Alert severity="warning">Set at least one limit</Alert>
        )}
        <Grid container spacing={2}>
          {QUOTA_LIMITS.map(({ key, label, integer }) => (
            <Grid item xs={6} key={key}>
              <TextField
                id={`${id}-${key}`}
                fullWidth
                margin="dense"
                variant="outlined"
                label={label}
                inputMode={integer ? 'numeric' : 'decimal'}
                value={texts[key]}
                onChange={e => setTexts(t => ({ ...t, [key]: e.target.value }))}
                error={!!problems[key]}
                helperText={problems[key] ?? 'Empty: no limit'}
              />
            </Grid>
          ))}
        </Grid>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onCancel}>Cancel</Button>
        <Button
          type="submit"
          color="primary"
          variant="contained"
          disabled={submitting}
        >
          {submitting ? 'Saving…' : 'Save quota'}
        </Button>
      </DialogActions>
    </form>
  );
}

/** Sets a quota for a user or group, or changes one (`quota` given). */
export function QuotaDialog(props: {
  open: boolean;
  quota?: QuotaSpec;
  onClose: () => void;
  onSaved: (status: QuotaStatus) => void;
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
        {props.quota
          ? `Edit the quota of ${shortRef(props.quota.subjectRef)}`
          : 'Set a quota'}
      </DialogTitle>
      {props.open && (
        <QuotaForm
          quota={props.quota}
          onSaved={props.onSaved}
          onCancel={props.onClose}
        />
      )}
    </Dialog>
  );
}
