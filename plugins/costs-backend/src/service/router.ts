import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  costsManagePermission,
  costsReadAllPermission,
  costsReadPermission,
  monthBounds,
  utcDay,
  utcDayStart,
  utcMonth,
  type ActualCostResponse,
  type BudgetStatus,
  type CostDimension,
  type MySummary,
} from '@internal/plugin-costs-common';
import {
  csvRow,
  parseInput,
  requirePluginCaller,
} from '@internal/backend-route-kit';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { UsageFilter } from '../database/CostsStore';
import { toMoney } from '../pricing';
import type { ActualCostProvider } from '../providers';
import type { Admission } from './Admission';
import type { CostsService } from './CostsService';
import { shortName, type EntityDirectory } from './EntityDirectory';
import { subjectMustBeMeasurable } from './measurableSubject';
import { setBudget } from './setBudget';

const MAX_RANGE_DAYS = 400;
const MS_PER_DAY = 86_400_000;

const lower = (s: string) => s.toLocaleLowerCase('en-US');
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-01')
  .refine(
    v => utcDay(utcDayStart(v) || 0) === v,
    'is not a calendar date (YYYY-MM-DD)',
  );
const entityRef = (kinds: string, example: string) =>
  z
    .string()
    .regex(
      new RegExp(`^(${kinds}):[^/\\s]+/[^/\\s]+$`, 'i'),
      `must be an entity ref like ${example}`,
    )
    .transform(lower);
const userRef = entityRef('user', 'user:default/ada');
const groupRef = entityRef('group', 'group:default/team-vision');
const subjectRef = entityRef('user|group', 'group:default/team-vision');
const projectRef = entityRef('[a-z]+', 'component:default/cats-vs-dogs');

/** from/to (YYYY-MM-DD, to exclusive), defaulting to the current UTC month. */
const range = z
  .object({ from: isoDate.optional(), to: isoDate.optional() })
  .transform((r, ctx) => {
    const now = Date.now();
    const { start, end } = monthBounds(utcMonth(now));
    const from = r.from ?? utcDay(start);
    const to = r.to ?? utcDay(end);
    const days = (utcDayStart(to) - utcDayStart(from)) / MS_PER_DAY;
    if (days <= 0) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['to'],
        message: `must be after from (${from}); to is exclusive`,
      });
      return z.NEVER;
    }
    if (days > MAX_RANGE_DAYS) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['to'],
        message: `the range is ${days} days; ask for at most ${MAX_RANGE_DAYS}`,
      });
      return z.NEVER;
    }
    return { from, to };
  });

const reportQuery = z
  .object({
    from: z.string().optional(),
    to: z.string().optional(),
    groupBy: z
      .enum(['user', 'group', 'project', 'profile'], {
        errorMap: () => ({
          message: 'must be one of: user, group, project, profile',
        }),
      })
      .default('user'),
    interval: z
      .enum(['day', 'month'], {
        errorMap: () => ({ message: 'must be day or month' }),
      })
      .default('day'),
    user: userRef.optional(),
    group: groupRef.optional(),
    project: projectRef.optional(),
    profile: z.string().min(1, 'must be a profile slug').optional(),
  })
  .strict();

const rangeQuery = z
  .object({ from: z.string().optional(), to: z.string().optional() })
  .strict();

const topQuery = z
  .object({
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month like 2026-11')
      .optional(),
    dimension: z
      .enum(['user', 'group', 'project'], {
        errorMap: () => ({ message: 'must be one of: user, group, project' }),
      })
      .default('user'),
    limit: z.coerce
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(100, 'must be at most 100')
      .default(10),
  })
  .strict();

const budgetBody = z
  .object({
    subjectRef,
    monthlyAmount: z
      .number({ invalid_type_error: 'must be a number' })
      .positive('must be more than 0')
      .max(1e9, 'must be at most 1,000,000,000'),
  })
  .strict();

const count = z
  .number({ invalid_type_error: 'must be a number' })
  .int('must be a whole number')
  .nonnegative('must be 0 or more');
const quotaBody = z
  .object({
    subjectRef,
    maxCpu: z.number().nonnegative('must be 0 or more').optional(),
    maxMemoryGiB: z.number().nonnegative('must be 0 or more').optional(),
    maxGpu: count.optional(),
    maxRunningWorkspaces: count.optional(),
  })
  .strict()
  .refine(
    q =>
      q.maxCpu !== undefined ||
      q.maxMemoryGiB !== undefined ||
      q.maxGpu !== undefined ||
      q.maxRunningWorkspaces !== undefined,
    'set at least one of maxCpu, maxMemoryGiB, maxGpu, maxRunningWorkspaces',
  );

const subjectQuery = z.object({ subjectRef }).strict();

const resources = z
  .object({
    cpu: z.number().nonnegative('must be 0 or more'),
    memoryGiB: z.number().nonnegative('must be 0 or more'),
    gpu: z.number().nonnegative('must be 0 or more'),
    gpuType: z.string().min(1).optional(),
    image: z.string().optional(),
  })
  .strict();

const estimateBody = z
  .object({ profile: z.string().min(1, 'choose a profile'), resources })
  .strict();

const admissionBody = z
  .object({
    user: userRef,
    groups: z.array(groupRef),
    workspace: z.object({ id: z.string(), name: z.string() }),
    profile: z.string().min(1),
    resources,
    project: z.string().optional(),
    admissionId: z.string().min(1).max(200).optional(),
  })
  .strict();

const releaseBody = z
  .object({
    id: z.string().min(1),
    user: z.string().optional(),
    admissionId: z.string().min(1).max(200).optional(),
  })
  .strict();

interface Caller {
  credentials: BackstageCredentials;
  userEntityRef: string;
  groups: string[];
  admin: boolean;
}

export async function createRouter(options: {
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  service: CostsService;
  admission: Admission;
  directory: EntityDirectory;
  providers: ActualCostProvider[];
}): Promise<express.Router> {
  const {
    auditor,
    httpAuth,
    userInfo,
    permissions,
    service,
    admission,
    directory,
    providers,
  } = options;

  const allowed = async (
    permission: BasicPermission,
    credentials: BackstageCredentials,
  ) => {
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    return decision.result === AuthorizeResult.ALLOW;
  };

  /** The signed-in caller, who must hold `permission` (refused with `refusal`). */
  const caller = async (
    req: express.Request,
    permission: BasicPermission,
    refusal: string,
  ): Promise<Caller> => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    if (!(await allowed(permission, credentials))) {
      throw new NotAllowedError(refusal);
    }
    const info = await userInfo.getUserInfo(credentials);
    return {
      credentials,
      userEntityRef: lower(info.userEntityRef),
      groups: info.ownershipEntityRefs
        .filter(r => r.startsWith('group:'))
        .map(lower),
      admin:
        permission === costsReadAllPermission ||
        permission === costsManagePermission ||
        (await allowed(costsReadAllPermission, credentials)),
    };
  };
  const reader = (req: express.Request) =>
    caller(req, costsReadPermission, 'You may not see costs: ask an admin');
  const admin = (req: express.Request, what: string) =>
    caller(req, costsReadAllPermission, `Only admins may see ${what}`);
  const manager = (req: express.Request, what: string) =>
    caller(req, costsManagePermission, `Only admins may change ${what}`);

  /**
   * Whose figures a non-admin may see: their own, their groups', and their groups'
   * projects. Without a filter they get their own.
   */
  const visibleFilter = async (
    who: Caller,
    filter: UsageFilter,
  ): Promise<UsageFilter> => {
    if (who.admin) return filter;
    const refuse = (what: string) =>
      new NotAllowedError(
        `You can see your own costs and your groups' costs; ask an admin for ${what}`,
      );
    if (filter.user && filter.user !== who.userEntityRef) {
      throw refuse(`${shortName(filter.user)}'s costs`);
    }
    if (filter.user) return filter;
    if (filter.group) {
      if (!who.groups.includes(filter.group))
        throw refuse(`${shortName(filter.group)}'s costs`);
      return filter;
    }
    if (filter.project) {
      const owner = await directory
        .ownerOf(filter.project)
        .catch(() => undefined);
      if (!owner || ![who.userEntityRef, ...who.groups].includes(owner)) {
        throw refuse(`the costs of ${shortName(filter.project)}`);
      }
      return filter;
    }
    return { ...filter, user: who.userEntityRef };
  };

  const reportFor = async (req: express.Request) => {
    const who = await reader(req);
    const query = parseInput(reportQuery, req.query, 'query');
    const { from, to } = parseInput(range, query, 'query');
    const filter = await visibleFilter(who, {
      ...(query.user ? { user: query.user } : {}),
      ...(query.group ? { group: query.group } : {}),
      ...(query.project ? { project: query.project } : {}),
      ...(query.profile ? { profile: query.profile } : {}),
    });
    return service.report({
      from,
      to,
      groupBy: query.groupBy as CostDimension,
      interval: query.interval,
      filter,
    });
  };

  /** Runs a budget or quota change as an audit event, with before and after. */
  const audited = async <T>(
    req: express.Request,
    eventId: string,
    subject: string,
    before: unknown,
    action: () => Promise<T>,
  ): Promise<T> => {
    const event = await auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: req,
      meta: { subjectRef: subject },
    });
    try {
      const after = await action();
      await event.success({
        meta: {
          subjectRef: subject,
          before: (before ?? null) as any,
          after: (after ?? null) as any,
        },
      });
      return after;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  };

  const subjectMustExist = async (ref: string) => {
    if (!(await directory.exists(ref))) {
      throw new InputError(
        `There is no ${
          ref.split(':')[0]
        } ${ref} in the catalog: check the name`,
      );
    }
  };

  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  router.get('/prices', async (req, res) => {
    await reader(req);
    res.json(service.prices());
  });

  router.get('/report', async (req, res) => {
    res.json(await reportFor(req));
  });

  router.get('/report.csv', async (req, res) => {
    const report = await reportFor(req);
    // Labels are catalog titles and directory names: csvRow neutralises formulas.
    const lines = [
      csvRow(['date', 'key', 'label', 'amount', 'hours', 'currency']),
    ];
    for (const series of report.series) {
      for (const point of series.points) {
        lines.push(
          csvRow([
            point.date,
            series.key,
            series.label,
            point.amount,
            Math.round(point.hours * 1e6) / 1e6,
            report.currency,
          ]),
        );
      }
    }
    res
      .status(200)
      .type('text/csv')
      .setHeader(
        'content-disposition',
        `attachment; filename="costs-${report.groupBy}-${report.from}-${report.to}.csv"`,
      )
      .send(lines.join(''));
  });

  router.get('/me', async (req, res) => {
    const who = await reader(req);
    parseInput(z.object({}).strict(), req.query, 'query');
    const month = utcMonth(service.nowMs());
    const { start, end } = monthBounds(month);
    const report = await service.report({
      from: utcDay(start),
      to: utcDay(end),
      groupBy: 'profile',
      interval: 'day',
      filter: { user: who.userEntityRef },
    });
    const subjects = [who.userEntityRef, ...who.groups];
    const budgets = await service.budgetStatuses(subjects);
    const own = await service.spendAndForecast(
      { user: who.userEntityRef },
      month,
    );
    const body: MySummary = {
      user: who.userEntityRef,
      month,
      currency: service.currency,
      spent: report.total,
      forecast: toMoney(own.forecastMicros),
      hours: report.series.reduce((sum, s) => sum + s.hours, 0),
      budgets,
      quotas: await service.quotaStatuses(subjects),
      byProfile: report.series,
      demo: report.demo,
    };
    res.json(body);
  });

  router.get('/top-spenders', async (req, res) => {
    await admin(req, 'top spenders');
    const query = parseInput(topQuery, req.query, 'query');
    const month = query.month ?? utcMonth(service.nowMs());
    const { start, end } = monthBounds(month);
    const report = await service.report({
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
    const { from, to } = parseInput(
      range,
      parseInput(rangeQuery, req.query, 'query'),
      'query',
    );
    res.json(await service.idleWaste(from, to));
  });

  router.get('/budgets', async (req, res) => {
    const who = await reader(req);
    parseInput(z.object({}).strict(), req.query, 'query');
    res.json(
      await service.budgetStatuses(
        who.admin ? undefined : [who.userEntityRef, ...who.groups],
      ),
    );
  });

  router.put('/budgets', async (req, res) => {
    const who = await manager(req, 'budgets');
    const body = parseInput(budgetBody, req.body, 'budget');
    await subjectMustExist(body.subjectRef);
    await subjectMustBeMeasurable(directory, body.subjectRef, 'budget');
    const [before] = await service.store.listBudgets([body.subjectRef]);
    let status: BudgetStatus | undefined;
    await audited(
      req,
      'costs-budget-set',
      body.subjectRef,
      before && { monthlyAmount: before.monthlyAmount },
      async () => {
        status = await setBudget(service, body, who.userEntityRef);
        return { monthlyAmount: body.monthlyAmount };
      },
    );
    res.json(status);
  });

  router.delete('/budgets', async (req, res) => {
    await manager(req, 'budgets');
    const { subjectRef: ref } = parseInput(subjectQuery, req.query, 'query');
    const [before] = await service.store.listBudgets([ref]);
    if (!before) throw new NotFoundError(`${ref} has no budget`);
    await audited(
      req,
      'costs-budget-delete',
      ref,
      { monthlyAmount: before.monthlyAmount },
      async () => {
        await service.store.deleteBudget(ref);
        return null;
      },
    );
    res.status(204).end();
  });

  router.get('/quotas', async (req, res) => {
    const who = await reader(req);
    parseInput(z.object({}).strict(), req.query, 'query');
    res.json(
      await service.quotaStatuses(
        who.admin ? undefined : [who.userEntityRef, ...who.groups],
      ),
    );
  });

  router.put('/quotas', async (req, res) => {
    const who = await manager(req, 'quotas');
    const body = parseInput(quotaBody, req.body, 'quota');
    await subjectMustExist(body.subjectRef);
    await subjectMustBeMeasurable(directory, body.subjectRef, 'quota');
    const [before] = await service.store.listQuotas([body.subjectRef]);
    const spec = ({ updatedAt: _a, updatedBy: _b, ...q }: any) => q;
    await audited(
      req,
      'costs-quota-set',
      body.subjectRef,
      before && spec(before),
      async () => spec(await service.store.putQuota(body, who.userEntityRef)),
    );
    const [status] = await service.quotaStatuses([body.subjectRef]);
    res.json(status);
  });

  router.delete('/quotas', async (req, res) => {
    await manager(req, 'quotas');
    const { subjectRef: ref } = parseInput(subjectQuery, req.query, 'query');
    const [before] = await service.store.listQuotas([ref]);
    if (!before) throw new NotFoundError(`${ref} has no quota`);
    const { updatedAt: _a, updatedBy: _b, ...spec } = before;
    await audited(req, 'costs-quota-delete', ref, spec, async () => {
      await service.store.deleteQuota(ref);
      return null;
    });
    res.status(204).end();
  });

  router.get('/actual', async (req, res) => {
    await admin(req, 'actual cloud costs');
    const { from, to } = parseInput(
      range,
      parseInput(rangeQuery, req.query, 'query'),
      'query',
    );
    const [metered, sources] = await Promise.all([
      service.report({
        from,
        to,
        groupBy: 'user',
        interval: 'month',
        filter: {},
      }),
      Promise.all(providers.map(p => p.fetch({ from, to }))),
    ]);
    const body: ActualCostResponse = {
      currency: service.currency,
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
    res.json(service.estimate(body.profile, body.resources));
  });

  // Launch admission for the workspaces plugin's costs module: that plugin only.
  router.post('/admission/check', async (req, res) => {
    await requirePluginCaller(httpAuth, req, ['workspaces']);
    res.json(
      await admission.check(parseInput(admissionBody, req.body, 'launch')),
    );
  });
  router.post('/admission/preview', async (req, res) => {
    await requirePluginCaller(httpAuth, req, ['workspaces']);
    res.json(
      await admission.preview(parseInput(admissionBody, req.body, 'launch')),
    );
  });
  router.post('/admission/release', async (req, res) => {
    await requirePluginCaller(httpAuth, req, ['workspaces']);
    await admission.release(parseInput(releaseBody, req.body, 'workspace'));
    res.status(204).end();
  });

  return router;
}
