import { useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { Table, type TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { tableOptions } from '@internal/frontend-kit';
import {
  DATA_SOURCE_TYPES,
  SENSITIVITY_LEVELS,
  type AccessMatrix,
  type AccessMatrixRow,
  type DataGrant,
  type DataSourceType,
  type Sensitivity,
} from '@internal/plugin-data-access-common';
import type { GrantTarget } from './GrantDialog';
import {
  SensitivityChip,
  TYPE_LABELS,
  accessText,
  grantText,
  subjectName,
} from './format';

/** Cell buttons read as the cell's value, not as an upper-case action. */
const cellButtonStyle = { textTransform: 'none' } as const;

const ACCESS_ORDER = { none: 0, read: 1, 'read-write': 2 } as const;
const accessRank = (row: AccessMatrixRow) => ACCESS_ORDER[row.myAccess ?? 'none'];
const isPerson = (subject: string) => subject.startsWith('user:');
const sensitivityRank = (row: AccessMatrixRow) =>
  SENSITIVITY_LEVELS.indexOf(row.source.spec.sensitivity);

function matchesText(row: AccessMatrixRow, text: string) {
  const words = text.toLocaleLowerCase('en-US').split(/\s+/).filter(Boolean);
  const { source } = row;
  const haystack = [source.name, source.title, source.description, source.owner]
    .filter(Boolean)
    .join(' ')
    .toLocaleLowerCase('en-US');
  return words.every(word => haystack.includes(word));
}

/** One matrix cell: the group's access, a button for those who may change it. */
function GrantCell(props: {
  row: AccessMatrixRow;
  subject: string;
  onEdit: (target: GrantTarget) => void;
}) {
  const { row, subject } = props;
  const grant = row.grants.find(g => g.subject === subject);
  const text = grant ? grantText(grant) : accessText(null);
  if (!row.canManage || grant?.implicit) {
    return (
      <>
        {text}
        {grant?.implicit && (
          <Typography variant="caption" color="textSecondary" display="block">
            the group&apos;s own folder
          </Typography>
        )}
      </>
    );
  }
  const who = subjectName(subject);
  return (
    <Button
      size="small"
      style={cellButtonStyle}
      variant={grant ? 'outlined' : 'text'}
      aria-label={
        grant
          ? `Change or end the access of ${who} to ${row.source.name} (${text})`
          : `Grant ${who} access to ${row.source.name}`
      }
      onClick={() => props.onEdit({ source: row.source, subject, grant })}
    >
      {text}
    </Button>
  );
}

/** Grants to single people: exceptions, listed in their own column. */
function PeopleGrants(props: {
  grants: DataGrant[];
  row: AccessMatrixRow;
  onEdit: (target: GrantTarget) => void;
}) {
  if (!props.grants.length) return <>—</>;
  return (
    <>
      {props.grants.map(grant => (
        <Box key={grant.id}>
          {props.row.canManage ? (
            <Button
              size="small"
              style={cellButtonStyle}
              aria-label={`Change or end the access of ${subjectName(grant.subject)} to ${props.row.source.name}`}
              onClick={() => props.onEdit({ source: props.row.source, grant })}
            >
              {subjectName(grant.subject)}: {grantText(grant)}
            </Button>
          ) : (
            `${subjectName(grant.subject)}: ${grantText(grant)}`
          )}
        </Box>
      ))}
    </>
  );
}

function SelectFilter<T extends string>(props: {
  id: string;
  label: string;
  value: T | '';
  options: readonly T[];
  optionLabel: (option: T) => string;
  onChange: (value: T | '') => void;
}) {
  return (
    <TextField
      id={props.id}
      select
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value as T | '')}
      variant="outlined"
      size="small"
      style={{ minWidth: 180 }}
    >
      <MenuItem value="">All</MenuItem>
      {props.options.map(option => (
        <MenuItem key={option} value={option}>
          {props.optionLabel(option)}
        </MenuItem>
      ))}
    </TextField>
  );
}

/**
 * The data sources × groups matrix: each source with its type, owner, sensitivity and
 * the caller's own access; one column per group holding a grant among the rows shown.
 * Filtered here (the whole matrix is loaded once); sortable by every column.
 */
export function AccessMatrixTable(props: {
  matrix: AccessMatrix;
  onEdit: (target: GrantTarget) => void;
}) {
  const { matrix, onEdit } = props;
  const [sensitivity, setSensitivity] = useState<Sensitivity | ''>('');
  const [type, setType] = useState<DataSourceType | ''>('');
  const [text, setText] = useState('');

  const rows = useMemo(
    () =>
      matrix.rows.filter(
        row =>
          (!sensitivity || row.source.spec.sensitivity === sensitivity) &&
          (!type || row.source.type === type) &&
          matchesText(row, text),
      ),
    [matrix.rows, sensitivity, type, text],
  );
  const groups = useMemo(() => {
    const held = new Set(rows.flatMap(r => r.grants.map(g => g.subject)));
    return matrix.subjects.filter(
      s => held.has(s) && s.startsWith('group:'),
    );
  }, [matrix.subjects, rows]);
  const anyPersonGrant = rows.some(r => r.grants.some(g => isPerson(g.subject)));

  const columns = useMemo<TableColumn<AccessMatrixRow>[]>(
    () => [
      {
        title: 'Data source',
        field: 'source.name',
        highlight: true,
        cellStyle: { minWidth: 180 },
        render: row => (
          <>
            <EntityRefLink entityRef={row.source.ref} hideIcon>
              {row.source.title ?? row.source.name}
            </EntityRefLink>
            <Typography variant="caption" color="textSecondary" display="block">
              {TYPE_LABELS[row.source.type]}
            </Typography>
            {/* Here rather than in a last column: a wide matrix scrolls it out of view. */}
            {row.canManage && (
              <Button
                size="small"
                color="primary"
                variant="outlined"
                aria-label={`Grant access to ${row.source.name}`}
                onClick={() => onEdit({ source: row.source })}
              >
                Grant
              </Button>
            )}
          </>
        ),
      },
      {
        title: 'Owner',
        field: 'source.owner',
        render: row => (
          <EntityRefLink
            entityRef={row.source.owner}
            defaultKind="group"
            hideIcon
          />
        ),
      },
      {
        title: 'Sensitivity',
        field: 'source.spec.sensitivity',
        customSort: (a, b) => sensitivityRank(a) - sensitivityRank(b),
        render: row => (
          <SensitivityChip sensitivity={row.source.spec.sensitivity} />
        ),
      },
      {
        title: 'My access',
        field: 'myAccess',
        customSort: (a, b) => accessRank(a) - accessRank(b),
        render: row => accessText(row.myAccess),
      },
      ...groups.map(
        (subject): TableColumn<AccessMatrixRow> => ({
          title: subjectName(subject),
          customSort: (a, b) =>
            Number(a.grants.some(g => g.subject === subject)) -
            Number(b.grants.some(g => g.subject === subject)),
          render: row => (
            <GrantCell row={row} subject={subject} onEdit={onEdit} />
          ),
        }),
      ),
      ...(anyPersonGrant
        ? [
            {
              title: 'People (exceptions)',
              sorting: false,
              render: (row: AccessMatrixRow) => (
                <PeopleGrants
                  row={row}
                  grants={row.grants.filter(g => isPerson(g.subject))}
                  onEdit={onEdit}
                />
              ),
            },
          ]
        : []),
    ],
    [groups, anyPersonGrant, onEdit],
  );

  return (
    <>
      <Box display="flex" flexWrap="wrap" style={{ gap: 16 }} mb={2}>
        <SelectFilter
          id="data-access-sensitivity"
          label="Sensitivity"
          value={sensitivity}
          options={SENSITIVITY_LEVELS}
          optionLabel={s => s}
          onChange={setSensitivity}
        />
        <SelectFilter
          id="data-access-type"
          label="Type"
          value={type}
          options={DATA_SOURCE_TYPES}
          optionLabel={t => TYPE_LABELS[t]}
          onChange={setType}
        />
        <TextField
          id="data-access-text"
          label="Filter by name, description or owner"
          value={text}
          onChange={e => setText(e.target.value)}
          variant="outlined"
          size="small"
          style={{ minWidth: 300 }}
        />
      </Box>
      <Table<AccessMatrixRow>
        title={`Data sources (${rows.length})`}
        options={tableOptions({
          search: false,
          paging: rows.length > 20,
          pageSize: 20,
        })}
        columns={columns}
        data={rows}
        emptyContent={
          <Box p={2}>
            <Typography>
              {matrix.rows.length
                ? 'No data source matches these filters.'
                : 'No data sources in the catalog yet: register Resources of type shared-folder, object-store-bucket or database.'}
            </Typography>
          </Box>
        }
      />
    </>
  );
}
