import { useState } from 'react';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import { errorMessage } from '@internal/frontend-kit';
import {
  ACCESS_LEVELS,
  type AccessLevel,
} from '@internal/plugin-data-access-common';
import { ACCESS_LABELS } from './format';

/** Read or read-write, as radio buttons. */
export function AccessLevelField(props: {
  value: AccessLevel;
  onChange: (access: AccessLevel) => void;
}) {
  return (
    <FormControl component="fieldset" margin="normal">
      <FormLabel component="legend">Access</FormLabel>
      <RadioGroup
        row
        value={props.value}
        onChange={e => props.onChange(e.target.value as AccessLevel)}
      >
        {ACCESS_LEVELS.map(level => (
          <FormControlLabel
            key={level}
            value={level}
            control={<Radio />}
            label={ACCESS_LABELS[level]}
          />
        ))}
      </RadioGroup>
    </FormControl>
  );
}

/** An optional end date (YYYY-MM-DD); empty means until someone ends it. */
export function ExpiryField(props: {
  id: string;
  value: string;
  onChange: (date: string) => void;
  helperText: string;
}) {
  return (
    <TextField
      id={props.id}
      type="date"
      label="Last day of access (optional)"
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      helperText={props.helperText}
      InputLabelProps={{ shrink: true }}
      margin="normal"
      variant="outlined"
      fullWidth
    />
  );
}

/**
 * A dialog's call to the backend: busy while it runs, and the backend's refusal kept to
 * be shown as it came (its messages say what to do). `run` resolves true on success.
 */
export function useSubmission() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = async (call: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(undefined);
    try {
      await call();
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}
