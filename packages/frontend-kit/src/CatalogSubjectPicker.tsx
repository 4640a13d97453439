import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { errorMessage } from './errorMessage';

/** A catalog user or group: whom a budget applies to, a result is shared with, ... */
export interface CatalogSubject {
  ref: string;
  kind: 'user' | 'group';
  title: string;
}

type SubjectKind = CatalogSubject['kind'];

function toSubject(entity: Entity): CatalogSubject {
  const profile = (entity.spec as { profile?: { displayName?: string } })
    ?.profile;
  return {
    ref: stringifyEntityRef(entity),
    kind: entity.kind.toLocaleLowerCase('en-US') === 'group' ? 'group' : 'user',
    title:
      entity.metadata.title ?? profile?.displayName ?? entity.metadata.name,
  };
}

/** Groups first, then people, each by ref. */
function bySubjectOrder(a: CatalogSubject, b: CatalogSubject) {
  if (a.kind !== b.kind) return a.kind === 'group' ? -1 : 1;
  return a.ref.localeCompare(b.ref);
}

/** A ref the catalog did not list (yet): shown as it is rather than dropped. */
const unlisted = (ref: string): CatalogSubject => ({
  ref,
  kind: ref.startsWith('group:') ? 'group' : 'user',
  title: ref,
});

function useCatalogSubjects(kinds: SubjectKind[]) {
  const catalogApi = useApi(catalogApiRef);
  const key = kinds.join(',');
  const entities = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: key.split(',').map(kind => ({ kind })),
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'spec.profile.displayName',
      ],
    });
    return items.map(toSubject).sort(bySubjectOrder);
  }, [catalogApi, key]);
  const options = useMemo(() => entities.value ?? [], [entities.value]);
  return { options, loading: entities.loading, error: entities.error };
}

interface PickerProps {
  id: string;
  label: string;
  /** Which kinds may be picked; default users and groups. */
  kinds?: SubjectKind[];
  helperText: string;
  error?: string;
  disabled?: boolean;
  required?: boolean;
}

function SubjectInput(
  props: PickerProps & { listError?: Error; params: object },
) {
  let helperText = props.error ?? props.helperText;
  if (props.listError) {
    helperText = `Could not list people and groups: ${errorMessage(
      props.listError,
    )}`;
  }
  return (
    <TextField
      {...props.params}
      required={props.required}
      margin="normal"
      variant="outlined"
      label={props.label}
      error={!!props.error || !!props.listError}
      helperText={helperText}
      // A disabled field greys its helper text to 38 % black (2.6:1): the sentence
      // still has to be read, so it keeps the normal helper colour (WCAG 1.4.3).
      FormHelperTextProps={{ disabled: false }}
    />
  );
}

const optionLabel = (o: CatalogSubject) => `${o.title} (${o.ref})`;
const sameRef = (o: CatalogSubject, v: CatalogSubject) => o.ref === v.ref;
const kindGroup = (o: CatalogSubject) =>
  o.kind === 'group' ? 'Groups' : 'People';

/**
 * Picks one user or group from the catalog: the backends refuse a subject the catalog
 * does not know, so there is nothing to type freely.
 */
export function CatalogSubjectPicker(
  props: PickerProps & {
    value?: string;
    onChange: (ref: string | undefined) => void;
  },
) {
  const { options, loading, error } = useCatalogSubjects(
    props.kinds ?? ['user', 'group'],
  );
  const selected = props.value
    ? options.find(o => o.ref === props.value) ?? unlisted(props.value)
    : null;
  return (
    <Autocomplete<CatalogSubject>
      id={props.id}
      options={options}
      loading={loading}
      value={selected}
      disabled={props.disabled}
      onChange={(_, subject) => props.onChange(subject?.ref)}
      getOptionLabel={optionLabel}
      getOptionSelected={sameRef}
      groupBy={kindGroup}
      renderInput={params => (
        <SubjectInput {...props} listError={error} params={params} />
      )}
    />
  );
}

/** Picks several users and groups from the catalog (whom something is shared with). */
export function CatalogSubjectsPicker(
  props: PickerProps & {
    values: string[];
    onChange: (refs: string[]) => void;
  },
) {
  const { options, loading, error } = useCatalogSubjects(
    props.kinds ?? ['user', 'group'],
  );
  const selected = props.values.map(
    ref => options.find(o => o.ref === ref) ?? unlisted(ref),
  );
  return (
    <Autocomplete<CatalogSubject, true>
      multiple
      id={props.id}
      options={options}
      loading={loading}
      value={selected}
      disabled={props.disabled}
      onChange={(_, subjects) => props.onChange(subjects.map(s => s.ref))}
      getOptionLabel={optionLabel}
      getOptionSelected={sameRef}
      groupBy={kindGroup}
      filterSelectedOptions
      renderInput={params => (
        <SubjectInput {...props} listError={error} params={params} />
      )}
    />
  );
}
