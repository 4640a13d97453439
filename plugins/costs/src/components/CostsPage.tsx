import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Grid from '@material-ui/core/Grid';
import {
  Content,
  ContentHeader,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  costsManagePermission,
  costsReadAllPermission,
} from '@internal/plugin-costs-common';
import { costsApiRef } from '../api';
import { ActualCostCard } from './ActualCostCard';
import { BudgetsPanel } from './BudgetsPanel';
import { CostReportPanel } from './CostReportPanel';
import { IdleWastePanel } from './IdleWastePanel';
import { MyUsageCard } from './MyUsageCard';
import { QuotasPanel } from './QuotasPanel';
import { TopSpendersCard } from './TopSpendersCard';
import { presetRange, type RangePreset } from './format';

/**
 * The configured currency, for the admin cards whose answers do not carry one
 * (budgets, quotas): the price list is open to everyone signed in.
 */
function useCurrency(): string {
  const api = useApi(costsApiRef);
  const prices = useAsync(() => api.getPrices(), [api]);
  return prices.value?.currency ?? 'USD';
}

/**
 * Everyone's costs, budgets, quotas, waste and bills, for those who may read all
 * costs; budgets and quotas can be changed by those who may manage them.
 */
function AdminCosts() {
  const currency = useCurrency();
  const { allowed: canManage } = usePermission({
    permission: costsManagePermission,
  });
  // One period for the report, the bills and the waste, so their figures compare.
  const [range, setRange] = useState<RangePreset>('this-month');
  const dates = presetRange(range);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <CostReportPanel
          title="Cost over time"
          groupByOptions={['group', 'user', 'project', 'profile']}
          range={range}
          onRangeChange={setRange}
        />
      </Grid>
      <Grid item xs={12} lg={6}>
        <TopSpendersCard currency={currency} />
      </Grid>
      <Grid item xs={12} lg={6}>
        <ActualCostCard range={dates} />
      </Grid>
      <Grid item xs={12}>
        <BudgetsPanel currency={currency} canManage={canManage} />
      </Grid>
      <Grid item xs={12}>
        <QuotasPanel canManage={canManage} />
      </Grid>
      <Grid item xs={12}>
        <IdleWastePanel range={dates} />
      </Grid>
      <Grid item xs={12}>
        <MyUsageCard />
      </Grid>
    </Grid>
  );
}

/** One's own month, budgets and quotas, and cost over time. */
function MyCosts() {
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <MyUsageCard />
      </Grid>
      <Grid item xs={12}>
        <CostReportPanel
          title="My cost over time"
          groupByOptions={['profile', 'project']}
        />
      </Grid>
    </Grid>
  );
}

/**
 * The Costs page at /costs: admins (who may read all costs) see everyone's costs and
 * manage budgets and quotas; everyone else sees their own usage, budgets and quotas.
 */
export function CostsPage() {
  const { allowed, loading, error } = usePermission({
    permission: costsReadAllPermission,
  });
  let body;
  if (loading) body = <Progress />;
  else if (error) {
    body = (
      <ResponseErrorPanel
        error={error}
        title="Could not tell what you may see: reload the page, or ask DevOps to check the portal's logs"
      />
    );
  } else if (allowed) body = <AdminCosts />;
  else body = <MyCosts />;
  return (
    <Content>
      <ContentHeader
        title="Costs"
        description="What notebook workspaces cost, by person, team, project and profile; budgets, quotas and idle waste"
      />
      {body}
    </Content>
  );
}
