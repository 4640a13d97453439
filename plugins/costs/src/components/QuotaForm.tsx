import { useId, useState } from 'react';
import DialogContentText from '@material-ui/core/DialogContentText';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/frontend-plugin-api';
import type { QuotaSpec, QuotaStatus } from '@internal/plugin-costs-common';
import { costsApiRef } from '../api';
import {
  SubjectLimitFormBody,
  useSubjectLimitForm,
} from './SubjectLimitDialog';

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

/** Sets a quota for a user or group, or changes one (`quota` given). */
export function QuotaForm(props: {
  quota?: QuotaSpec;
  onSaved: (status: QuotaStatus) => void;
  onCancel: () => void;
}) {
  const api = useApi(costsApiRef);
  const id = useId();
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
  const { limits, problems } = parseLimits(texts);
  const noLimit = Object.keys(limits).length === 0;
  const form = useSubjectLimitForm({
    subjectRef: props.quota?.subjectRef,
    ready: !noLimit && Object.keys(problems).length === 0,
    save: subjectRef => api.setQuota({ subjectRef, ...limits }),
    onSaved: props.onSaved,
  });

  return (
    <SubjectLimitFormBody
      form={form}
      editing={!!props.quota}
      saveLabel="Save quota"
      onCancel={props.onCancel}
    >
      <DialogContentText>
        Launches that would go over a limit are refused before they start. Leave
        a field empty for no limit; a group&apos;s limits hold for all its
        members together.
      </DialogContentText>
      {form.touched && noLimit && Object.keys(problems).length === 0 && (
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
    </SubjectLimitFormBody>
  );
}
