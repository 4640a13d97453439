import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { errorMessage } from '@internal/frontend-kit';

/** A catalog user or group that a budget or quota can be set for. */
export interface Subject {
  ref: string;
  kind: 'user' | 'group';
  title: string;
}

function toSubject(entity: Entity): Subject {
  const profile = (entity.spec as { profile?: { displayName?: string } })
    ?.profile;
  return {
    ref: stringifyEntityRef(entity),
    kind: entity.kind.toLocaleLowerCase('en-US') === 'group' ? 'group' : 'user',
    title:
      entity.metadata.title ?? profile?.displayName ?? entity.metadata.name,
  };
}

/** Groups first (budgets are mostly per team), then people, each by name. */
function bySubjectOrder(a: Subject, b: Subject) {
  if (a.kind !== b.kind) return a.kind === 'group' ? -1 : 1;
  return a.ref.localeCompare(b.ref);
}

/**
 * Picks a user or group from the catalog (the backend refuses a subject the catalog
 * does not know, so there is nothing to type freely).
 */
export function SubjectPicker(props: {
  id: string;
  value?: string;
  onChange: (ref: string | undefined) => void;
  error?: string;
  disabled?: boolean;
}) {
  const catalogApi = useApi(catalogApiRef);
  const entities = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: [{ kind: 'user' }, { kind: 'group' }],
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'spec.profile.displayName',
      ],
    });
    return items.map(toSubject).sort(bySubjectOrder);
  }, [catalogApi]);

  const options = useMemo(() => entities.value ?? [], [entities.value]);
  const selected =
    options.find(o => o.ref === props.value) ??
    (props.value
      ? { ref: props.value, kind: 'user' as const, title: props.value }
      : null);

  let helperText =
    props.error ??
    (props.disabled
      ? 'Who it applies to stays as it is: to move it, delete it and add a new one'
      : 'A person or a group from the catalog (a group covers its members)');
  if (entities.error) {
    helperText = `Could not list users and groups: ${errorMessage(
      entities.error,
    )}`;
  }

  return (
    <Autocomplete<Subject>
      id={props.id}
      options={options}
      loading={entities.loading}
      value={selected}
      disabled={props.disabled}
      onChange={(_, subject) => props.onChange(subject?.ref)}
      getOptionLabel={o => `${o.title} (${o.ref})`}
      getOptionSelected={(o, v) => o.ref === v.ref}
      groupBy={o => (o.kind === 'group' ? 'Groups' : 'People')}
      renderInput={params => (
        <TextField
          {...params}
          required
          margin="normal"
          variant="outlined"
          label="User or group"
          error={!!props.error || !!entities.error}
          helperText={helperText}
          // A disabled field greys its helper text to 38 % black (2.6:1): the sentence
          // still has to be read, so it keeps the normal helper colour (WCAG 1.4.3).
          FormHelperTextProps={{ disabled: false }}
        />
      )}
    />
  );
}
