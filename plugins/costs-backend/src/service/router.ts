import type {
  AuditorService,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type { BasicPermission } from '@backstage/plugin-permission-common';
import {
  costsManagePermission,
  costsReadAllPermission,
  costsReadPermission,
  monthBounds,
  utcDay,
  utcMonth,
  type ActualCostResponse,
  type CostDimension,
  type MySummary,
} from '@internal/plugin-costs-common';
import { createRouteKit, parseInput } from '@internal/backend-route-kit';
import express from 'express';
import Router from 'express-promise-router';
import { toMoney } from '../pricing';
import type { ActualCostProvider } from '../providers';
import type { Admission } from './Admission';
import type { BudgetsService } from './BudgetsService';
import type { CostsService } from './CostsService';
import type { EntityDirectory } from './EntityDirectory';
import { subjectMustBeMeasurable, subjectMustExist } from './measurableSubject';
import { quotaSpecOf, type QuotasService } from './QuotasService';
import { reportCsv, reportCsvFileName } from './reportCsv';
import {
  admissionBody,
  budgetBody,
  estimateBody,
  noQuery,
  quotaBody,
  range,
  rangeQuery,
  releaseBody,
  reportQuery,
  subjectQuery,
  topQuery,
} from './schemas';
import { visibleFilter, visibleSubjects, type CostsViewer } from './visibility';

const lower = (s: string) => s.toLocaleLowerCase('en-US');

export async function createRouter(options: {
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  costs: CostsService;
  budgets: BudgetsService;
  quotas: QuotasService;
  admission: Admission;
  directory: EntityDirectory;
  providers: ActualCostProvider[];
}): Promise<express.Router> {
  const { costs, budgets, quotas, admission, directory, providers } = options;
  const kit = createRouteKit(options);

  /** The signed-in caller, who must hold `permission`, as a viewer of costs. */
  const viewer = async (
    req: express.Request,
    permission: BasicPermission,
    refusal: string,
  ): Promise<CostsViewer & { userEntityRef: string }> => {
    const who = await kit.caller(req, permission, refusal);
    return {
      userEntityRef: lower(who.userEntityRef),
      groups: who.groups,
      admin:
        permission === costsReadAllPermission ||
        permission === costsManagePermission ||
        (await kit.isAllowed(who.credentials, costsReadAllPermission)),
    };
  };
  const reader = (req: express.Request) =>
    viewer(req, costsReadPermission, 'You may not see costs: ask an admin');
  const admin = (req: express.Request, what: string) =>
    viewer(req, costsReadAllPermission, `Only admins may see ${what}`);
  const manager = (req: express.Request, what: string) =>
    viewer(req, costsManagePermission, `Only admins may change ${what}`);

  const reportFor = async (req: express.Request) => {
    const who = await reader(req);
    const query = parseInput(reportQuery, req.query, 'query');
    const { from, to } = parseInput(range, query, 'query');
    const filter = await visibleFilter(
      who,
      {
        ...(query.user ? { user: query.user } : {}),
        ...(query.group ? { group: query.group } : {}),
        ...(query.project ? { project: query.project } : {}),
        ...(query.profile ? { profile: query.profile } : {}),
      },
      directory,
    );
    return costs.report({
      from,
      to,
      groupBy: query.groupBy as CostDimension,
      interval: query.interval,
      filter,
    });
  };

  const rangeOf = (req: express.Request) =>
    parseInput(range, parseInput(rangeQuery, req.query, 'query'), 'query');

  /** A budget or a quota must be for someone in the catalog whose usage is counted. */
  const limitSubjectMustBeValid = async (
    ref: string,
    kind: 'budget' | 'quota',
  ) => {
    await subjectMustExist(directory, ref);
    await subjectMustBeMeasurable(directory, ref, kind);
  };

  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  router.get('/prices', async (req, res) => {
    await reader(req);
    res.json(costs.prices());
  });

  router.get('/report', async (req, res) => {
    res.json(await reportFor(req));
  });

  router.get('/report.csv', async (req, res) => {
    const report = await reportFor(req);
    res
      .status(200)
      .type('text/csv')
      .setHeader(
        'content-disposition',
        `attachment; filename="${reportCsvFileName(report)}"`,
      )
      .send(reportCsv(report));
  });

  router.get('/me', async (req, res) => {
    const who = await reader(req);
    parseInput(noQuery, req.query, 'query');
    const month = utcMonth(costs.nowMs());
    const { start, end } = monthBounds(month);
    const subjects = [who.userEntityRef, ...who.groups];
    // Four independent reads: side by side on PostgreSQL's pool (#16: this summary
    // was the slowest route of the load benchmark on PostgreSQL, one query after another).
    const [report, own, budgetStatuses, quotaStatuses] = await Promise.all([
      costs.report({
        from: utcDay(start),
        to: utcDay(end),
        groupBy: 'profile',
        interval: 'day',
        filter: { user: who.userEntityRef },
      }),
      costs.spendAndForecast({ user: who.userEntityRef }, month),
      budgets.statuses(subjects),
      quotas.statuses(subjects),
    ]);
    const body: MySummary = {
      user: who.userEntityRef,
      month,
      currency: costs.currency,
      spent: report.total,
      forecast: toMoney(own.forecastMicros),
      hours: report.series.reduce((sum, s) => sum + s.hours, 0),
      budgets: budgetStatuses,
      quotas: quotaStatuses,
      byProfile: report.series,
      demo: report.demo,
    };
    res.json(body);
  });

  router.get('/top-spenders', async (req, res) => {
    await admin(req, 'top spenders');
    const query = parseInput(topQuery, req.query, 'query');
    const month = query.month ?? utcMonth(costs.nowMs());
    const { start, end } = monthBounds(month);
    const report = await costs.report({
      from: utcDay(start),
      to: utcDay(end),
      groupBy: query.dimension,
      interval: 'month',
      filter: {},
    });
    res.json(report.series.slice(0, query.limit));
  });

  router.get('/idle-waste', async (req, res) => {
    await admin(req, 'idle waste');
    const { from, to } = rangeOf(req);
    res.json(await costs.idleWaste(from, to));
  });

  router.get('/budgets', async (req, res) => {
    const who = await reader(req);
    parseInput(noQuery, req.query, 'query');
    res.json(await budgets.statuses(visibleSubjects(who)));
  });

  router.put('/budgets', async (req, res) => {
    const who = await manager(req, 'budgets');
    const body = parseInput(budgetBody, req.body, 'budget');
    await limitSubjectMustBeValid(body.subjectRef, 'budget');
    const before = await budgets.get(body.subjectRef);
    const status = await kit.audited(
      req,
      {
        eventId: 'costs-budget-set',
        meta: {
          subjectRef: body.subjectRef,
          before: before ? { monthlyAmount: before.monthlyAmount } : null,
        },
      },
      () => budgets.set(body, who.userEntityRef),
      () => ({ after: { monthlyAmount: body.monthlyAmount } }),
    );
    res.json(status);
  });

  router.delete('/budgets', async (req, res) => {
    await manager(req, 'budgets');
    const { subjectRef: ref } = parseInput(subjectQuery, req.query, 'query');
    const before = await budgets.get(ref);
    if (!before) throw new NotFoundError(`${ref} has no budget`);
    await kit.audited(
      req,
      {
        eventId: 'costs-budget-delete',
        meta: {
          subjectRef: ref,
          before: { monthlyAmount: before.monthlyAmount },
        },
      },
      () => budgets.delete(ref),
      () => ({ after: null }),
    );
    res.status(204).end();
  });

  router.get('/quotas', async (req, res) => {
    const who = await reader(req);
    parseInput(noQuery, req.query, 'query');
    res.json(await quotas.statuses(visibleSubjects(who)));
  });

  router.put('/quotas', async (req, res) => {
    const who = await manager(req, 'quotas');
    const body = parseInput(quotaBody, req.body, 'quota');
    await limitSubjectMustBeValid(body.subjectRef, 'quota');
    const before = await quotas.get(body.subjectRef);
    await kit.audited(
      req,
      {
        eventId: 'costs-quota-set',
        meta: {
          subjectRef: body.subjectRef,
          before: before ? { ...quotaSpecOf(before) } : null,
        },
      },
      () => quotas.set(body, who.userEntityRef),
      after => ({ after: { ...after } }),
    );
    const [status] = await quotas.statuses([body.subjectRef]);
    res.json(status);
  });

  router.delete('/quotas', async (req, res) => {
    await manager(req, 'quotas');
    const { subjectRef: ref } = parseInput(subjectQuery, req.query, 'query');
    const before = await quotas.get(ref);
    if (!before) throw new NotFoundError(`${ref} has no quota`);
    await kit.audited(
      req,
      {
        eventId: 'costs-quota-delete',
        meta: { subjectRef: ref, before: { ...quotaSpecOf(before) } },
      },
      () => quotas.delete(ref),
      () => ({ after: null }),
    );
    res.status(204).end();
  });

  router.get('/actual', async (req, res) => {
    await admin(req, 'actual cloud costs');
    const { from, to } = rangeOf(req);
    const [metered, sources] = await Promise.all([
      costs.report({
        from,
        to,
        groupBy: 'user',
        interval: 'month',
        filter: {},
      }),
      Promise.all(providers.map(p => p.fetch({ from, to }))),
    ]);
    const body: ActualCostResponse = {
      currency: costs.currency,
      from,
      to,
      metered: metered.total,
      sources,
    };
    res.json(body);
  });

  router.post('/estimate', async (req, res) => {
    await reader(req);
    const body = parseInput(estimateBody, req.body, 'estimate');
    res.json(costs.estimate(body.profile, body.resources));
  });

  // Launch admission for the workspaces plugin's costs module: that plugin only.
  router.post('/admission/check', async (req, res) => {
    await kit.requirePluginCaller(req, ['workspaces']);
    res.json(
      await admission.check(parseInput(admissionBody, req.body, 'launch')),
    );
  });
  router.post('/admission/preview', async (req, res) => {
    await kit.requirePluginCaller(req, ['workspaces']);
    res.json(
      await admission.preview(parseInput(admissionBody, req.body, 'launch')),
    );
  });
  router.post('/admission/release', async (req, res) => {
    await kit.requirePluginCaller(req, ['workspaces']);
    await admission.release(parseInput(releaseBody, req.body, 'workspace'));
    res.status(204).end();
  });

  return router;
}
