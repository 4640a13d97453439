import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  createRouteKit,
  numberField,
  parseInput,
} from '@internal/backend-route-kit';
import {
  diffResolvedPackages,
  environmentsOverviewPermission,
  environmentsReadPermission,
  type CondaStoreBuildDiff,
  type CondaStoreBuildPackage,
  type CondaStoreBuildUsageList,
} from '@internal/plugin-environments-common';
import type {
  CondaStoreApi,
  CondaStorePackage,
} from '@internal/plugin-environments-node';
import type express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { capBuildLog } from './buildLog';
import { fromCondaStore } from './condaStoreErrors';
import type { CondaStoreOverviewService } from './CondaStoreOverviewService';
import type { WorkspacesApi } from '@internal/plugin-workspaces-node';
import {
  buildUsageOf,
  readBuildUsage,
  usageKnown,
  USAGE_WINDOW_DAYS,
} from './workspaceUsage';

/** The most of a build's log one answer carries (its end is kept). */
export const DEFAULT_MAX_LOG_BYTES = 1024 * 1024;

// conda-store's build ids are its database's integer keys.
const buildId = z
  .string()
  .regex(
    /^[1-9]\d{0,9}$/,
    "must be a conda-store build's number (a whole number, as its builds list shows)",
  )
  .transform(Number);
const buildParams = z.object({ id: buildId });
const diffParams = z.object({ a: buildId, b: buildId });
const noQuery = z.object({}).strict();
const logQuery = z
  .object({
    format: z
      .enum(['text', 'json'], {
        errorMap: () => ({ message: 'must be text or json' }),
      })
      .optional(),
  })
  .strict();
const buildUsageQuery = z
  .object({
    builds: z
      .string({ required_error: 'builds: build ids separated by commas' })
      .regex(
        /^\d{1,10}(,\d{1,10}){0,99}$/,
        'builds: up to 100 build ids separated by commas, e.g. 7,5',
      )
      .transform(list => list.split(',').map(Number)),
  })
  .strict();
const overviewQuery = z
  .object({
    idleDays: numberField({
      min: 1,
      max: 3650,
      integer: true,
      coerce: true,
    }).optional(),
  })
  .strict();

function toPackage(p: CondaStorePackage): CondaStoreBuildPackage {
  return {
    name: p.name,
    version: p.version,
    channel: p.channel.name,
    ...(p.license ? { license: p.license } : {}),
    ...(p.summary ? { summary: p.summary } : {}),
  };
}

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  condaStore: CondaStoreApi;
  workspaces: WorkspacesApi;
  overview: CondaStoreOverviewService;
  maxLogBytes?: number;
}): Promise<express.Router> {
  const { condaStore, overview } = options;
  const maxLogBytes = options.maxLogBytes ?? DEFAULT_MAX_LOG_BYTES;
  const kit = createRouteKit(options);
  const reader = (req: express.Request) =>
    kit.requirePermission(
      req,
      environmentsReadPermission,
      'You may not read conda-store builds: ask a platform admin for access',
    );

  const router = Router();

  // The log as text by default (what a person downloads); `?format=json` answers
  // {log, truncated, sizeBytes, solverMessage} with the solver's message picked out of
  // the whole log, which the page highlights.
  router.get('/conda-store/builds/:id/log', async (req, res) => {
    await reader(req);
    const { id } = parseInput(buildParams, req.params, 'build id');
    const { format = 'text' } = parseInput(logQuery, req.query, 'query');
    const log = capBuildLog(
      id,
      await fromCondaStore(() => condaStore.getBuildLog(id)),
      maxLogBytes,
    );
    if (format === 'json') {
      res.json(log);
      return;
    }
    res.setHeader('x-atrium-log-truncated', String(log.truncated));
    res.type('text/plain; charset=utf-8').send(log.log);
  });

  router.get('/conda-store/builds/:id/packages', async (req, res) => {
    await reader(req);
    const { id } = parseInput(buildParams, req.params, 'build id');
    parseInput(noQuery, req.query, 'query');
    const packages = await fromCondaStore(() =>
      condaStore.getBuildPackages(id),
    );
    res.json({
      buildId: id,
      items: packages
        .map(toPackage)
        .sort((x, y) => x.name.localeCompare(y.name)),
    });
  });

  router.get('/conda-store/builds/:a/diff/:b', async (req, res) => {
    await reader(req);
    const { a, b } = parseInput(diffParams, req.params, 'build ids');
    parseInput(noQuery, req.query, 'query');
    if (a === b) {
      throw new InputError(
        `Both builds are ${a}: compare two different builds of the environment`,
      );
    }
    const [from, to] = await fromCondaStore(() =>
      Promise.all([
        condaStore.getBuildPackages(a),
        condaStore.getBuildPackages(b),
      ]),
    );
    const answer: CondaStoreBuildDiff = {
      from: a,
      to: b,
      diff: diffResolvedPackages(from.map(toPackage), to.map(toPackage)),
    };
    res.json(answer);
  });

  // Who uses the builds a card lists: running workspaces (a count) and projects in the
  // last 90 days. Not whose workspaces: that is the overview's, for DevOps.
  router.get('/conda-store/build-usage', async (req, res) => {
    await reader(req);
    const { builds } = parseInput(buildUsageQuery, req.query, 'query');
    const usage = await readBuildUsage(options.workspaces, {
      days: USAGE_WINDOW_DAYS,
      now: new Date(),
    });
    const answer: CondaStoreBuildUsageList = {
      workspaceUsage: usageKnown(usage),
      items: builds.map(id => buildUsageOf(usage, id)),
    };
    res.json(answer);
  });

  router.get('/conda-store/overview', async (req, res) => {
    await kit.requirePermission(
      req,
      environmentsOverviewPermission,
      "conda-store's overview is for DevOps and admins: ask a platform admin for the devops role",
    );
    const { idleDays = 90 } = parseInput(overviewQuery, req.query, 'query');
    res.json(await fromCondaStore(() => overview.overview({ idleDays })));
  });

  return router;
}
