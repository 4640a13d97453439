import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  HISTORY_WINDOWS,
  platformClusterReadPermission,
  platformMetricsReadPermission,
  platformServicesReadPermission,
} from '@internal/plugin-platform-health-common';
import {
  createRouteKit,
  dateOrInstantField,
  entityRefField,
  nameField,
  numberField,
  orderedRange,
  parseInput,
  textField,
} from '@internal/backend-route-kit';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { EpisodeStore } from '../database/EpisodeStore';
import type { HistoryService } from '../history/HistoryService';
import type { ClusterService } from '../kubernetes/ClusterService';
import { diagnoseWorkspacePod } from '../kubernetes/workspaceDiagnoser';
import type { PortalMetricsEndpoint } from '../metrics/portalMetricsEndpoint';
import type { ServiceHealthService } from './ServiceHealthService';

// Kubernetes names: a DNS label (namespaces, containers, clusters here) or subdomain (pods).
const dnsLabel = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
    'must be a Kubernetes name: lowercase letters, digits and dashes, at most 63',
  );
const dnsSubdomain = z
  .string()
  .max(253, 'must be at most 253 characters')
  .regex(
    /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
    'must be a Kubernetes name: lowercase letters, digits, dots and dashes',
  );

const clusterParams = z.object({ cluster: dnsLabel });
const logParams = z.object({
  cluster: dnsLabel,
  namespace: dnsLabel,
  pod: dnsSubdomain,
});
const logQuery = z
  .object({
    container: dnsLabel.optional(),
    tailLines: numberField({
      min: 1,
      max: 1000,
      integer: true,
      coerce: true,
    }).optional(),
  })
  .strict();
const componentParams = z.object({
  namespace: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{1,63}$/, 'must be a catalog namespace'),
  name: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{1,63}$/, 'must be a catalog entity name'),
});
const noQuery = z.object({}).strict();
const historyQuery = z
  .object({
    window: z.enum(HISTORY_WINDOWS, {
      errorMap: () => ({
        message: `must be one of ${HISTORY_WINDOWS.join(', ')}`,
      }),
    }),
  })
  .strict();
/** Alert history rows per answer: a week of a noisy platform, not a dump of the table. */
const MAX_ALERT_HISTORY = 500;
const alertHistoryQuery = orderedRange(
  z
    .object({
      from: dateOrInstantField().optional(),
      to: dateOrInstantField().optional(),
      component: entityRefField(['component']).optional(),
      limit: numberField({
        min: 1,
        max: MAX_ALERT_HISTORY,
        integer: true,
        coerce: true,
      }).optional(),
    })
    .strict(),
);
// Hub names as the hub has them (KubeSpawner escapes them for labels, the lookup too).
const diagnosisQuery = z
  .object({
    username: nameField(255),
    // The default server has no name.
    servername: textField(255)
      // eslint-disable-next-line no-control-regex
      .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters')
      .optional(),
  })
  .strict();

/** The backend plugin that asks for its owners' workspaces (after checking ownership). */
const DIAGNOSIS_CALLERS = ['workspaces'];

export async function createRouter(options: {
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  clusters: ClusterService;
  services: ServiceHealthService;
  portalMetrics: PortalMetricsEndpoint;
  metricsAllowUnauthenticated: boolean;
  history: HistoryService;
  episodes?: EpisodeStore;
}): Promise<express.Router> {
  const { httpAuth, clusters, services, portalMetrics } = options;
  const kit = createRouteKit(options);

  const clusterReader = (req: express.Request) =>
    kit.requirePermission(
      req,
      platformClusterReadPermission,
      'The cluster overview is for DevOps and admins: ask a platform admin for the devops role',
    );
  const serviceReader = (req: express.Request) =>
    kit.requirePermission(
      req,
      platformServicesReadPermission,
      'You may not see the platform status: ask a platform admin for access',
    );

  const router = Router();

  router.get('/clusters', async (req, res) => {
    await clusterReader(req);
    parseInput(noQuery, req.query, 'query');
    res.json({ items: clusters.summaries() });
  });

  router.get('/clusters/:cluster/overview', async (req, res) => {
    await clusterReader(req);
    const { cluster } = parseInput(clusterParams, req.params, 'cluster');
    parseInput(noQuery, req.query, 'query');
    res.json(clusters.overview(cluster));
  });

  // Logs can carry what a workload printed (tokens, paths, data): each read is
  // recorded in the audit log, with the container actually read.
  router.get(
    '/clusters/:cluster/namespaces/:namespace/pods/:pod/logs',
    async (req, res) => {
      await clusterReader(req);
      const { cluster, namespace, pod } = parseInput(
        logParams,
        req.params,
        'pod',
      );
      const query = parseInput(logQuery, req.query, 'query');
      const logs = await kit.audited(
        req,
        {
          eventId: 'pod-logs-read',
          meta: { cluster, namespace, pod, container: query.container },
        },
        () => clusters.logs(cluster, namespace, pod, query),
        read => ({ container: read.container, previous: read.previous }),
      );
      res.json(logs);
    },
  );

  // A workspace's pod, its events and its log: the workspaces backend asks on behalf of
  // the owner (it checked the ownership), DevOps and admins may ask directly. Reading
  // the log is audited like the pod logs route.
  router.get('/workspace-pods/diagnosis', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    if (credentials.principal.type === 'service') {
      await kit.requirePluginCaller(req, DIAGNOSIS_CALLERS);
    } else {
      await kit.requirePermission(
        credentials,
        platformClusterReadPermission,
        "A workspace's diagnosis is for its owner (from the workspace's page) and for DevOps and admins: open it from your workspace, or ask a platform admin for the devops role",
      );
    }
    const { username, servername = '' } = parseInput(
      diagnosisQuery,
      req.query,
      'query',
    );
    const { diagnosis } = await kit.audited(
      req,
      {
        eventId: 'workspace-diagnosis-read',
        meta: { username, servername },
      },
      () => diagnoseWorkspacePod(clusters, username, servername),
      ({ logRead, diagnosis: d }) => ({
        ...(logRead && d.logTail ? { log: { ...logRead } } : {}),
        missing: d.missing.length,
      }),
    );
    res.json(diagnosis);
  });

  // Pod names, reasons and events of a service are the cluster's: DevOps and admins
  // see them, everyone else the state, the replicas and how many pods have problems.
  const healthView = async (credentials: BackstageCredentials) => ({
    podDetail: await kit.isAllowed(credentials, platformClusterReadPermission),
  });

  router.get('/services', async (req, res) => {
    const credentials = await serviceReader(req);
    parseInput(noQuery, req.query, 'query');
    const view = await healthView(credentials);
    res.json({ items: await services.list(credentials, view) });
  });

  router.get('/services/:namespace/:name', async (req, res) => {
    const credentials = await serviceReader(req);
    const { namespace, name } = parseInput(
      componentParams,
      req.params,
      'component',
    );
    parseInput(noQuery, req.query, 'query');
    const entity = await services.component(credentials, namespace, name);
    res.json(await services.health(entity, await healthView(credentials)));
  });

  // History (issue #15): charts over a window from Prometheus range queries, and the
  // alert and status episodes the alert notifier recorded.
  router.get('/services/:namespace/:name/history', async (req, res) => {
    const credentials = await serviceReader(req);
    const { namespace, name } = parseInput(
      componentParams,
      req.params,
      'component',
    );
    const { window } = parseInput(historyQuery, req.query, 'query');
    const entity = await services.component(credentials, namespace, name);
    res.json(await options.history.service(entity, window));
  });

  router.get('/clusters/:cluster/history', async (req, res) => {
    await clusterReader(req);
    const { cluster } = parseInput(clusterParams, req.params, 'cluster');
    const { window } = parseInput(historyQuery, req.query, 'query');
    res.json(await options.history.cluster(cluster, window));
  });

  router.get('/alerts/history', async (req, res) => {
    await kit.requirePermission(
      req,
      platformClusterReadPermission,
      'The alert history is for DevOps and admins: ask a platform admin for the devops role',
    );
    const query = parseInput(alertHistoryQuery, req.query, 'query');
    const toMs = query.to ? Date.parse(query.to) : Date.now();
    const fromMs = query.from ? Date.parse(query.from) : toMs - 7 * 86_400_000;
    const limit = query.limit ?? MAX_ALERT_HISTORY;
    const items = options.episodes
      ? await options.episodes.between({
          fromMs,
          toMs,
          componentRef: query.component?.toLocaleLowerCase('en-US'),
          limit,
        })
      : [];
    res.json({
      items,
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      limit,
    });
  });

  // Prometheus scrapes this. A scraper authenticates with a static token
  // (backend.auth.externalAccess, a service principal); people need the permission.
  // With platformHealth.metrics.allowUnauthenticated the auth policy lets anyone in.
  router.get('/metrics', async (req, res) => {
    if (!options.metricsAllowUnauthenticated) {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      if (
        credentials.principal.type === 'user' &&
        !(await kit.isAllowed(credentials, platformMetricsReadPermission))
      ) {
        throw new NotAllowedError(
          'The portal metrics are for DevOps and admins (scrapers use a static token)',
        );
      }
    }
    portalMetrics.handle(req, res);
  });

  return router;
}
