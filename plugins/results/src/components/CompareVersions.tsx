import { useApi } from '@backstage/frontend-plugin-api';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { AsyncContent, couldNotLoad } from '@internal/frontend-kit';
import type { ResultVersion } from '@internal/plugin-results-common';
import { resultsApiRef } from '../api';
import { NotebookDiffView } from './diff/NotebookDiffView';
import type { Notebook } from './notebook/nbformat';

function VersionSelect(props: {
  label: string;
  value: number;
  versions: ResultVersion[];
  onChange: (v: number) => void;
}) {
  return (
    <TextField
      select
      fullWidth
      id={`compare-${props.label.toLocaleLowerCase('en-US')}`}
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(Number(e.target.value))}
    >
      {props.versions.map(v => (
        <MenuItem key={v.version} value={v.version}>
          v{v.version}: {v.message}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** Any two versions of a result, compared cell by cell. */
export function CompareVersions(props: {
  resultId: string;
  versions: ResultVersion[];
  from: number;
  to: number;
  onChange: (from: number, to: number) => void;
}) {
  const { resultId, versions, from, to, onChange } = props;
  const api = useApi(resultsApiRef);
  const state = useAsyncRetry(async () => {
    const [diff, oldNotebook, newNotebook] = await Promise.all([
      api.getDiff(resultId, from, to),
      api.getNotebook(resultId, from),
      api.getNotebook(resultId, to),
    ]);
    return {
      diff,
      oldNotebook: oldNotebook as unknown as Notebook,
      newNotebook: newNotebook as unknown as Notebook,
    };
  }, [api, resultId, from, to]);

  return (
    <>
      <Grid container spacing={2} style={{ marginBottom: 16 }}>
        <Grid item xs={12} sm={6}>
          <VersionSelect
            label="From"
            value={from}
            versions={versions}
            onChange={v => onChange(v, to)}
          />
        </Grid>
        <Grid item xs={12} sm={6}>
          <VersionSelect
            label="To"
            value={to}
            versions={versions}
            onChange={v => onChange(from, v)}
          />
        </Grid>
      </Grid>
      <AsyncContent
        state={state}
        failureTitle={couldNotLoad(`the diff of v${from} and v${to}`)}
      >
        {value => (
          <NotebookDiffView
            {...value}
            fromLabel={`v${from}`}
            toLabel={`v${to}`}
          />
        )}
      </AsyncContent>
    </>
  );
}
