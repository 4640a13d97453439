import { useEffect, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Alert from '@material-ui/lab/Alert';
import { CatalogSubjectsPicker, errorMessage } from '@internal/frontend-kit';
import {
  RESULT_VISIBILITIES,
  type Result,
  type ResultVisibility,
} from '@internal/plugin-results-common';
import { resultsApiRef } from '../api';
import { VISIBILITY_LABELS } from './format';

/** Who may see a result: the author changes it here; the backend notifies new readers. */
export function ShareDialog(props: {
  result: Result;
  open: boolean;
  onClose: () => void;
  onSaved: (result: Result) => void;
}) {
  const { result, open, onClose, onSaved } = props;
  const api = useApi(resultsApiRef);
  const [visibility, setVisibility] = useState<ResultVisibility>(
    result.visibility,
  );
  const [people, setPeople] = useState<string[]>(result.sharedWith);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (open) {
      setVisibility(result.visibility);
      setPeople(result.sharedWith);
      setError(undefined);
    }
  }, [open, result]);

  const save = async () => {
    if (visibility === 'named' && people.length === 0) {
      setError('Name at least one person or group to share with.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const saved = await api.setVisibility(result.id, {
        visibility,
        ...(visibility === 'named' ? { sharedWith: people } : {}),
      });
      onSaved(saved);
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      aria-labelledby="share-title"
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id="share-title">Share “{result.title}”</DialogTitle>
      <DialogContent>
        <RadioGroup
          aria-label="Who can see it"
          value={visibility}
          onChange={e => setVisibility(e.target.value as ResultVisibility)}
        >
          {RESULT_VISIBILITIES.map(v => (
            <FormControlLabel
              key={v}
              value={v}
              control={<Radio />}
              label={VISIBILITY_LABELS[v]}
              disabled={v === 'team' && !result.ownerTeamRef}
            />
          ))}
        </RadioGroup>
        {visibility === 'named' && (
          <CatalogSubjectsPicker
            id="share-people"
            label="People and groups"
            values={people}
            onChange={setPeople}
            helperText="From the catalog; a group shares with its members. They are notified."
          />
        )}
        {error && <Alert severity="error">{error}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy}
          onClick={save}
        >
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
