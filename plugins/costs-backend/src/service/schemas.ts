import {
  MAX_ENTITY_REF_LENGTH,
  calendarDateField,
  entityRefField,
  nameField,
  numberField,
  textField,
} from '@internal/backend-route-kit';
import {
  COST_LIMITS,
  monthBounds,
  utcDay,
  utcDayStart,
  utcMonth,
} from '@internal/plugin-costs-common';
import { z } from 'zod';

/** What the costs routes accept: every field bounded, every message naming the fix. */

const MAX_RANGE_DAYS = 400;
const MS_PER_DAY = 86_400_000;

/** Refs are compared in lower case, as the sign-in resolver and the catalog give them. */
const lower = (s: string) => s.toLocaleLowerCase('en-US');
const userRef = entityRefField(['user']).transform(lower);
const groupRef = entityRefField(['group']).transform(lower);
/** The user or group a budget or quota is for. */
const subjectRef = entityRefField(['user', 'group']).transform(lower);
/** Atrium's data-science projects are catalog Components. */
const projectRef = entityRefField(['component']).transform(lower);
/** A profile slug (KubeSpawner's slugs are at most 63 characters). */
const profileSlug = nameField(63);

/** from/to (YYYY-MM-DD, to exclusive), defaulting to the current UTC month. */
export const range = z
  .object({
    from: calendarDateField().optional(),
    to: calendarDateField().optional(),
  })
  .transform((r, ctx) => {
    const { start, end } = monthBounds(utcMonth(Date.now()));
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

const dimension = <const T extends [string, ...string[]]>(values: T) =>
  z.enum(values, {
    errorMap: () => ({ message: `must be one of: ${values.join(', ')}` }),
  });

export const reportQuery = z
  .object({
    from: z.string().optional(),
    to: z.string().optional(),
    groupBy: dimension(['user', 'group', 'project', 'profile']).default('user'),
    interval: z
      .enum(['day', 'month'], {
        errorMap: () => ({ message: 'must be day or month' }),
      })
      .default('day'),
    user: userRef.optional(),
    group: groupRef.optional(),
    project: projectRef.optional(),
    profile: profileSlug.optional(),
  })
  .strict();

export const rangeQuery = z
  .object({ from: z.string().optional(), to: z.string().optional() })
  .strict();

export const noQuery = z.object({}).strict();

export const topQuery = z
  .object({
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month like 2026-11')
      .optional(),
    dimension: dimension(['user', 'group', 'project']).default('user'),
    limit: numberField({
      min: 1,
      max: 100,
      integer: true,
      coerce: true,
    }).default(10),
  })
  .strict();

export const budgetBody = z
  .object({
    subjectRef,
    monthlyAmount: z
      .number({ invalid_type_error: 'must be a number' })
      .finite('must be a finite number')
      .positive('must be more than 0')
      .max(COST_LIMITS.monthlyAmount, 'must be at most 1,000,000,000'),
  })
  .strict();

/** A finite amount from 0 up to `max`. */
const amount = (max: number) =>
  z
    .number({ invalid_type_error: 'must be a number' })
    .finite('must be a finite number')
    .nonnegative('must be 0 or more')
    .max(max, `must be at most ${max}`);
/** A quota limit: a whole number for things that come whole (GPUs, workspaces). */
const limit = (max: number, integer: boolean) =>
  integer ? amount(max).int('must be a whole number') : amount(max);

export const quotaBody = z
  .object({
    subjectRef,
    maxCpu: limit(COST_LIMITS.cpu, false).optional(),
    maxMemoryGiB: limit(COST_LIMITS.memoryGiB, false).optional(),
    maxGpu: limit(COST_LIMITS.gpu, true).optional(),
    maxRunningWorkspaces: limit(COST_LIMITS.runningWorkspaces, true).optional(),
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

export const subjectQuery = z.object({ subjectRef }).strict();

/** What one workspace asks for: at most what a quota may hold. */
const resources = z
  .object({
    cpu: amount(COST_LIMITS.cpu),
    memoryGiB: amount(COST_LIMITS.memoryGiB),
    gpu: amount(COST_LIMITS.gpu),
    gpuType: nameField(253).optional(),
    image: textField(1000).optional(),
  })
  .strict();

export const estimateBody = z
  .object({
    profile: z.string().min(1, 'choose a profile').pipe(profileSlug),
    resources,
  })
  .strict();

/** Workspace ids are the workspaces plugin's; admission ids are per start attempt. */
const workspaceId = nameField(200);

export const admissionBody = z
  .object({
    user: userRef,
    groups: z.array(groupRef).max(1000, 'must be at most 1000 groups'),
    // A preview's workspace is not created yet: its id (and maybe name) is empty.
    workspace: z.object({ id: textField(200), name: textField(200) }),
    profile: nameField(255),
    resources,
    // Any kind the workspaces plugin takes as a project; admission does not use it.
    project: textField(MAX_ENTITY_REF_LENGTH).optional(),
    admissionId: nameField(200).optional(),
  })
  .strict();

export const releaseBody = z
  .object({
    id: workspaceId,
    user: textField(MAX_ENTITY_REF_LENGTH).optional(),
    admissionId: nameField(200).optional(),
  })
  .strict();
