import { useId, useState } from 'react';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import { useApi } from '@backstage/frontend-plugin-api';
import type { BudgetSpec, BudgetStatus } from '@internal/plugin-costs-common';
import { costsApiRef } from '../api';
import {
  SubjectLimitFormBody,
  useSubjectLimitForm,
} from './SubjectLimitDialog';

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

/** Sets a budget for a user or group, or changes one (`budget` given). */
export function BudgetForm(props: {
  budget?: BudgetSpec;
  currency: string;
  onSaved: (status: BudgetStatus) => void;
  onCancel: () => void;
}) {
  const api = useApi(costsApiRef);
  const id = useId();
  const [amountText, setAmountText] = useState(
    props.budget ? String(props.budget.monthlyAmount) : '',
  );
  const amount = parseAmount(amountText);
  const monthlyAmount = 'amount' in amount ? amount.amount : undefined;
  const form = useSubjectLimitForm({
    subjectRef: props.budget?.subjectRef,
    ready: monthlyAmount !== undefined,
    // Only called when ready.
    save: subjectRef =>
      api.setBudget({ subjectRef, monthlyAmount: monthlyAmount! }),
    onSaved: props.onSaved,
  });
  const amountProblem =
    'problem' in amount && (form.touched || amountText !== '')
      ? amount.problem
      : undefined;

  return (
    <SubjectLimitFormBody
      form={form}
      editing={!!props.budget}
      saveLabel="Save budget"
      onCancel={props.onCancel}
    >
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
    </SubjectLimitFormBody>
  );
}
