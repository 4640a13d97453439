import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import useMediaQuery from '@material-ui/core/useMediaQuery';
import type { Theme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { CostDimension, CostSeries } from '@internal/plugin-costs-common';
import { costsApiRef, type CostReportQuery } from '../api';
import { CostChart } from './CostChart';
import { DemoDataChip, GroupByToggle, RangePicker } from './Controls';
import {
  DIMENSION_LABELS,
  errorStatus,
  formatMoney,
  formatNumber,
  loadErrorTitle,
  presetRange,
  reportFileName,
  type RangePreset,
} from './format';
import {
  DownloadButton,
  errorMessage,
  tableOptions,
} from '@internal/frontend-kit';

/** Whose figures a report covers; none means the caller's own. */
export type ReportFilter = Pick<
  CostReportQuery,
  'user' | 'group' | 'project' | 'profile'
>;

type SeriesRow = CostSeries & { share: number };

/** "includes $100.00 also counted in team-genomics, $5.00 in team-x". */
function sharedText(
  shared: NonNullable<CostSeries['alsoCountedIn']>,
  currency: string,
): string {
  const parts = shared.map(
    (o, i) =>
      `${formatMoney(o.amount, currency)}${i === 0 ? ' also counted' : ''} in ${
        o.label
      }`,
  );
  return `includes ${parts.join(', ')}`;
}

function seriesColumns(
  groupBy: CostDimension,
  currency: string,
  narrow: boolean,
): TableColumn<SeriesRow>[] {
  const columns: TableColumn<SeriesRow>[] = [
    {
      title: DIMENSION_LABELS[groupBy],
      field: 'label',
      highlight: true,
      render: s => (
        <>
          {s.label}
          {s.alsoCountedIn?.length ? (
            <Typography variant="caption" color="textSecondary" component="p">
              {sharedText(s.alsoCountedIn, currency)}
            </Typography>
          ) : null}
        </>
      ),
    },
    {
      title: 'Cost',
      field: 'total',
      type: 'numeric',
      defaultSort: 'desc',
      filtering: false,
      render: s => formatMoney(s.total, currency),
    },
    {
      title: 'Hours',
      field: 'hours',
      type: 'numeric',
      filtering: false,
      render: s => formatNumber(s.hours),
    },
    {
      title: 'Share',
      field: 'share',
      type: 'numeric',
      filtering: false,
      render: s => `${Math.round(s.share * 100)}%`,
    },
  ];
  // On a phone the table scrolls sideways: who, how much and what share come first.
  return narrow ? [columns[0], columns[1], columns[3], columns[2]] : columns;
}

/**
 * Cost over time for a filter: the period and grouping pickers, the stacked chart,
 * the series as a sortable table, and the CSV of the same query. The period may be
 * owned by the page (the admin view shares it with other cards).
 */
export function CostReportPanel(props: {
  title: string;
  filter?: ReportFilter;
  groupByOptions: CostDimension[];
  defaultGroupBy?: CostDimension;
  range?: RangePreset;
  onRangeChange?: (range: RangePreset) => void;
  /** What a 403 means here ("Only members of ... see its costs"). */
  forbiddenMessage?: string;
}) {
  const api = useApi(costsApiRef);
  const { filter, groupByOptions } = props;
  const [ownRange, setOwnRange] = useState<RangePreset>('this-month');
  const range = props.range ?? ownRange;
  const onRangeChange = props.onRangeChange ?? setOwnRange;
  const [groupBy, setGroupBy] = useState<CostDimension>(
    props.defaultGroupBy ?? groupByOptions[0],
  );
  const filterKey = JSON.stringify(filter ?? {});
  const query = useMemo<CostReportQuery>(
    () => ({ ...presetRange(range), groupBy, ...JSON.parse(filterKey) }),
    [range, groupBy, filterKey],
  );
  const report = useAsyncRetry(() => api.getReport(query), [api, query]);

  const [exportError, setExportError] = useState<string>();
  const fetchCsv = async () => ({
    blob: await api.exportReportCsv(query),
    fileName: reportFileName(query),
  });

  const value = report.value;
  const currency = value?.currency ?? 'USD';
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('xs'));
  const columns = useMemo(
    () => seriesColumns(value?.groupBy ?? groupBy, currency, narrow),
    [value?.groupBy, groupBy, currency, narrow],
  );
  // Material-table writes its per-row state into the objects; copies keep ours intact.
  const rows = useMemo<SeriesRow[]>(
    () =>
      (value?.series ?? []).map(s => ({
        ...s,
        share: value && value.total > 0 ? s.total / value.total : 0,
      })),
    [value],
  );

  let body;
  if (report.error) {
    body =
      errorStatus(report.error) === 403 && props.forbiddenMessage ? (
        <Alert severity="info">{props.forbiddenMessage}</Alert>
      ) : (
        <>
          <ResponseErrorPanel
            error={report.error}
            title={loadErrorTitle('the cost report', report.error)}
          />
          <Box mt={1}>
            <Button variant="outlined" onClick={report.retry}>
              Retry
            </Button>
          </Box>
        </>
      );
  } else if (!value) {
    body = <Progress />;
  } else {
    body = (
      <>
        <Box display="flex" alignItems="baseline" gridGap={8} mb={1}>
          <Typography variant="h5" component="p">
            {formatMoney(value.total, currency)}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            in all, {value.from} to {value.to} (exclusive, UTC)
          </Typography>
          {value.series.some(s => s.alsoCountedIn?.length) && (
            <Typography variant="body2" color="textSecondary">
              People in several groups count in each group's row, so the rows
              add up to more; the total counts each session once.
            </Typography>
          )}
          {report.loading && (
            <Typography variant="caption" color="textSecondary">
              updating…
            </Typography>
          )}
        </Box>
        {value.series.length === 0 ? (
          <Typography color="textSecondary">
            No metered usage in this period.
          </Typography>
        ) : (
          <>
            <CostChart report={value} />
            <Table<SeriesRow>
              title={`By ${DIMENSION_LABELS[value.groupBy].toLocaleLowerCase(
                'en-US',
              )}`}
              data={rows}
              columns={columns}
              options={tableOptions({
                sorting: true,
                search: true,
                paging: rows.length > 10,
                pageSize: 10,
              })}
            />
          </>
        )}
      </>
    );
  }

  return (
    <InfoCard
      title={
        <Box display="flex" alignItems="center" gridGap={8}>
          {props.title}
          <DemoDataChip demo={value?.demo} />
        </Box>
      }
    >
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="flex-end"
        gridGap={16}
        mb={2}
      >
        <RangePicker value={range} onChange={onRangeChange} />
        {groupByOptions.length > 1 && (
          <GroupByToggle
            options={groupByOptions}
            value={groupBy}
            onChange={setGroupBy}
          />
        )}
        <Box flexGrow={1} />
        <DownloadButton
          label="Export CSV"
          fetchFile={fetchCsv}
          onError={e => setExportError(e && errorMessage(e))}
        />
      </Box>
      {exportError && (
        <Box mb={2}>
          <Alert severity="error" onClose={() => setExportError(undefined)}>
            Could not export the CSV: {exportError}
          </Alert>
        </Box>
      )}
      {body}
    </InfoCard>
  );
}
