import { ResponseError } from '@backstage/errors';
import type { Entity } from '@backstage/catalog-model';
import type {
  ActualCostResponse,
  BudgetStatus,
  CostReport,
  CostSeries,
  IdleWasteResponse,
  MySummary,
  QuotaStatus,
} from '@internal/plugin-costs-common';
import type { CostsApi } from '../api';

export function series(
  key: string,
  label: string,
  points: Array<[string, number, number?]>,
): CostSeries {
  const total = points.reduce((sum, [, amount]) => sum + amount, 0);
  const hours = points.reduce((sum, [, , h = 1]) => sum + h, 0);
  return {
    key,
    label,
    total,
    hours,
    points: points.map(([date, amount, h = 1]) => ({
      date,
      amount,
      hours: h,
    })),
  };
}

export function report(overrides: Partial<CostReport> = {}): CostReport {
  const all = [
    series('group:default/team-vision', 'Computer vision team', [
      ['2026-11-02', 120.5, 10],
      ['2026-11-03', 80.25, 6],
    ]),
    series('group:default/team-genomics', 'Genomics team', [
      ['2026-11-02', 40, 12],
    ]),
  ];
  return {
    currency: 'USD',
    from: '2026-11-01',
    to: '2026-11-05',
    interval: 'day',
    groupBy: 'group',
    total: 240.75,
    series: all,
    demo: true,
    generatedAt: '2026-11-04T10:00:00.000Z',
    ...overrides,
  };
}

export function budget(overrides: Partial<BudgetStatus> = {}): BudgetStatus {
  return {
    subjectRef: 'group:default/team-vision',
    monthlyAmount: 500,
    month: '2026-11',
    spent: 412.3,
    forecast: 980,
    percent: 82.46,
    forecastPercent: 196,
    alertsSent: [80, 50, 101],
    ...overrides,
  };
}

export function quota(overrides: Partial<QuotaStatus> = {}): QuotaStatus {
  return {
    subjectRef: 'group:default/team-vision',
    maxGpu: 2,
    maxRunningWorkspaces: 4,
    used: { cpu: 8, memoryGiB: 32, gpu: 1, runningWorkspaces: 1 },
    workspaces: [
      {
        id: 'w1',
        name: 'cnn-train',
        user: 'user:default/ada',
        cpu: 8,
        memoryGiB: 32,
        gpu: 1,
      },
    ],
    ...overrides,
  };
}

export function mySummary(overrides: Partial<MySummary> = {}): MySummary {
  return {
    user: 'user:default/ada',
    month: '2026-11',
    currency: 'USD',
    spent: 212.5,
    forecast: 455.75,
    hours: 42.5,
    budgets: [
      budget({
        subjectRef: 'user:default/ada',
        monthlyAmount: 300,
        spent: 212.5,
        percent: 70.83,
        forecast: 455.75,
        forecastPercent: 151.9,
        alertsSent: [50],
      }),
      budget(),
    ],
    quotas: [quota()],
    byProfile: [
      series('gpu', 'GPU Instance', [['2026-11-02', 180, 20]]),
      series('small', 'Small Instance', [['2026-11-03', 32.5, 22.5]]),
    ],
    demo: false,
    ...overrides,
  };
}

export const idleWaste: IdleWasteResponse = {
  currency: 'USD',
  total: 57.6,
  rows: [
    {
      workspaceId: 'w9',
      workspaceName: 'forgotten-gpu',
      user: 'user:default/ada',
      project: 'component:default/cats-vs-dogs',
      profile: 'gpu',
      idleHours: 12,
      cost: 50.4,
      endedAt: '2026-11-03T08:00:00.000Z',
    },
    {
      workspaceId: 'w8',
      user: 'user:default/grace',
      profile: 'small',
      idleHours: 9,
      cost: 7.2,
      endedAt: '2026-11-02T20:00:00.000Z',
    },
  ],
};

export const actualCosts: ActualCostResponse = {
  currency: 'USD',
  from: '2026-11-01',
  to: '2026-11-05',
  metered: 240.75,
  sources: [
    {
      name: 'opencost',
      title: 'OpenCost',
      total: 265.1,
      attributed: 230,
      unattributed: 35.1,
      byKey: [{ key: 'user:default/ada', amount: 190 }],
      fetchedAt: '2026-11-04T10:00:00.000Z',
    },
    {
      name: 'aws',
      title: 'AWS Cost Explorer',
      total: 0,
      attributed: 0,
      unattributed: 0,
      byKey: [],
      error:
        'AccessDeniedException: not authorized to perform ce:GetCostAndUsage',
      fetchedAt: '2026-11-04T10:00:00.000Z',
    },
  ],
};

/** A CostsApi whose every method is a jest mock answering plausible figures. */
export function mockCostsApi(
  impl: Partial<CostsApi> = {},
): jest.Mocked<CostsApi> {
  return {
    getPrices: jest.fn(async () => ({
      currency: 'USD',
      sheets: [],
      profiles: [],
    })),
    getReport: jest.fn(async query => report({ groupBy: query.groupBy })),
    exportReportCsv: jest.fn(
      async () => new Blob(['date,key\n'], { type: 'text/csv' }),
    ),
    getMySummary: jest.fn(async () => mySummary()),
    getTopSpenders: jest.fn(async () => [
      series('user:default/ada', 'Ada Lovelace', [['2026-11', 190.2, 30]]),
      series('user:default/grace', 'Grace Hopper', [['2026-11', 40, 12]]),
    ]),
    getIdleWaste: jest.fn(async () => idleWaste),
    listBudgets: jest.fn(async () => [budget()]),
    setBudget: jest.fn(async spec => budget({ ...spec, alertsSent: [] })),
    deleteBudget: jest.fn(async () => undefined),
    listQuotas: jest.fn(async () => [quota()]),
    setQuota: jest.fn(async spec => quota({ ...spec })),
    deleteQuota: jest.fn(async () => undefined),
    getActualCosts: jest.fn(async () => actualCosts),
    estimate: jest.fn(async () => ({ currency: 'USD', hourly: 1.5 })),
    ...impl,
  } as jest.Mocked<CostsApi>;
}

/** The ResponseError the client throws for a Backstage error body. */
export function responseError(
  status: number,
  message: string,
  name = 'InputError',
) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

/** The demo organisation's people and groups, as the catalog holds them. */
export const orgEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'team-vision',
      namespace: 'default',
      title: 'Computer vision team',
    },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-genomics', namespace: 'default' },
    spec: {
      type: 'team',
      profile: { displayName: 'Genomics team' },
      children: [],
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'ada', namespace: 'default' },
    spec: {
      profile: { displayName: 'Ada Lovelace' },
      memberOf: ['team-vision'],
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'cats-vs-dogs', namespace: 'default' },
    spec: {
      type: 'data-science-project',
      owner: 'team-vision',
      lifecycle: 'experimental',
    },
  },
];
