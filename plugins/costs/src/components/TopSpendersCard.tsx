import { useId, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import NativeSelect from '@material-ui/core/NativeSelect';
import {
  InfoCard,
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { CostSeries } from '@internal/plugin-costs-common';
import { costsApiRef, type TopSpendersQuery } from '../api';
import { GroupByToggle } from './Controls';
import {
  DIMENSION_LABELS,
  formatMoney,
  formatMonth,
  formatNumber,
  loadErrorTitle,
  recentMonths,
} from './format';
import { tableOptions } from '@internal/frontend-kit';

type Dimension = TopSpendersQuery['dimension'];
type Row = CostSeries & { rank: number };

/** The ten largest spenders of a month, by person, group or project (admins). */
export function TopSpendersCard(props: { currency: string }) {
  const { currency } = props;
  const api = useApi(costsApiRef);
  const id = useId();
  const months = useMemo(() => recentMonths(12), []);
  const [month, setMonth] = useState(months[0]);
  const [dimension, setDimension] = useState<Dimension>('user');
  const spenders = useAsync(
    () => api.getTopSpenders({ month, dimension, limit: 10 }),
    [api, month, dimension],
  );
  const rows = useMemo<Row[]>(
    () => (spenders.value ?? []).map((s, i) => ({ ...s, rank: i + 1 })),
    [spenders.value],
  );
  const columns = useMemo<TableColumn<Row>[]>(
    () => [
      { title: '#', field: 'rank', type: 'numeric', width: '48px' },
      {
        title: DIMENSION_LABELS[dimension],
        field: 'label',
        highlight: true,
      },
      {
        title: 'Cost',
        field: 'total',
        type: 'numeric',
        render: s => formatMoney(s.total, currency),
      },
      {
        title: 'Hours',
        field: 'hours',
        type: 'numeric',
        render: s => formatNumber(s.hours),
      },
    ],
    [dimension, currency],
  );

  return (
    <InfoCard title="Top spenders" subheader={formatMonth(month)}>
      <Box
        display="flex"
        flexWrap="wrap"
        gridGap={16}
        mb={2}
        alignItems="flex-end"
      >
        <FormControl size="small">
          <InputLabel htmlFor={`${id}-month`}>Month</InputLabel>
          <NativeSelect
            id={`${id}-month`}
            value={month}
            onChange={e => setMonth(e.target.value)}
          >
            {months.map(m => (
              <option key={m} value={m}>
                {formatMonth(m)}
              </option>
            ))}
          </NativeSelect>
        </FormControl>
        <GroupByToggle<Dimension>
          label="Top spenders by"
          options={['user', 'group', 'project']}
          value={dimension}
          onChange={setDimension}
        />
      </Box>
      {spenders.error ? (
        <ResponseErrorPanel
          error={spenders.error}
          title={loadErrorTitle('the top spenders', spenders.error)}
        />
      ) : (
        <Table<Row>
          isLoading={spenders.loading}
          data={rows}
          columns={columns}
          emptyContent={<Box p={2}>No usage in {formatMonth(month)}.</Box>}
          // The card's title says what the table is; sorting stays on the headers.
          options={tableOptions({
            toolbar: false,
            search: false,
            paging: false,
          })}
        />
      )}
    </InfoCard>
  );
}
