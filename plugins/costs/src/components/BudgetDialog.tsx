import { useId, useState, type FormEvent } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/frontend-plugin-api';
import type { BudgetSpec, BudgetStatus } from '@internal/plugin-costs-common';
import { costsApiRef } from '../api';
import { errorMessage, shortRef } from './format';
import { SubjectPicker } from './SubjectPicker';

/** The amount as typed, or why it cannot be a monthly budget. */
export function parseAmount(
  text: string,
): { amount: number } | { problem: string } {
  const trimmed = text.trim();
  if (!trimmed) return { problem: 'Enter the monthly amount' };
  const amount = Number(trimmed);
  if (!Number.isFinite(amount)) {
    return { problem: `“${trimmed}” is not a number: use e.g. 500 or 1250.50` };
  }
  if (amount <= 0) return { problem: 'The amount must be above 0' };
  return { amount };
}

function BudgetForm(props: {
  budget?: BudgetSpec;
  currency: string;
  onSaved: (status: BudgetStatus) => void;
  onCancel: () => void;
}) {
  const api = useApi(costsApiRef);
  const editing = !!props.budget;
  const id = useId();
  const [subjectRef, setSubjectRef] = useState(props.budget?.subjectRef);
  const [amountText, setAmountText] = useState(
    props.budget ? String(props.budget.monthlyAmount) : '',
  );
  const [touched, setTouched] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();

  const amount = parseAmount(amountText);
  const amountProblem =
    'problem' in amount && (touched || amountText !== '')
      ? amount.problem
      : undefined;
  const subjectProblem =
    touched && !subjectRef ? 'Pick a user or group' : undefined;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!subjectRef || !('amount' in amount)) return;
    setSubmitting(true);
    setError(undefined);
    try {
      props.onSaved(
        await api.setBudget({ subjectRef, monthlyAmount: amount.amount }),
      );
    } catch (e) {
      // The backend's 400 says what to fix (unknown subject, amount).
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
        <TextField
          id={`${id}-amount`}
          fullWidth
          required
          margin="normal"
          variant="outlined"
          label="Monthly budget"
          inputMode="decimal"
          value={amountText}
          onChange={e => setAmountText(e.target.value)}
          error={!!amountProblem}
          helperText={
            amountProblem ??
            `In ${props.currency} per calendar month (UTC); alerts go out at the configured thresholds (by default 50, 80 and 100 %) and when the forecast exceeds it`
          }
          InputProps={{
            endAdornment: (
              <InputAdornment position="end">{props.currency}</InputAdornment>
            ),
          }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onCancel}>Cancel</Button>
        <Button
          type="submit"
          color="primary"
          variant="contained"
          disabled={submitting}
        >
          {submitting ? 'Saving…' : 'Save budget'}
        </Button>
      </DialogActions>
    </form>
  );
}

/** Sets a budget for a user or group, or changes one (`budget` given). */
export function BudgetDialog(props: {
  open: boolean;
  budget?: BudgetSpec;
  currency: string;
  onClose: () => void;
  onSaved: (status: BudgetStatus) => void;
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
        {props.budget
          ? `Edit the budget of ${shortRef(props.budget.subjectRef)}`
          : 'Set a budget'}
      </DialogTitle>
      {props.open && (
        <BudgetForm
          budget={props.budget}
          currency={props.currency}
          onSaved={props.onSaved}
          onCancel={props.onClose}
        />
      )}
    </Dialog>
  );
}
