import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  platformClusterReadPermission,
  platformMetricsReadPermission,
  platformServicesReadPermission,
} from '@internal/plugin-platform-health-common';
import { parseInput } from '@internal/backend-route-kit';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { ClusterService } from '../kubernetes/ClusterService';
import type { PortalMetrics } from '../metrics/portalMetrics';
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
    tailLines: z.coerce
      .number({ invalid_type_error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(1000, 'must be at most 1000')
      .optional(),
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

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  clusters: ClusterService;
  services: ServiceHealthService;
  portalMetrics: PortalMetrics;
  metricsAllowUnauthenticated: boolean;
}): Promise<express.Router> {
  const { httpAuth, permissions, clusters, services, portalMetrics } = options;

  const allowed = async (
    permission: BasicPermission,
    credentials: BackstageCredentials,
  ) => {
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    return decision.result === AuthorizeResult.ALLOW;
  };

  /** The signed-in caller, who must hold `permission`. */
  const caller = async (
    req: express.Request,
    permission: BasicPermission,
    refusal: string,
  ) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    if (!(await allowed(permission, credentials))) {
      throw new NotAllowedError(refusal);
    }
    return credentials;
  };
  const clusterReader = (req: express.Request) =>
    caller(
      req,
      platformClusterReadPermission,
      'The cluster overview is for DevOps and admins: ask a platform admin for the devops role',
    );
  const serviceReader = (req: express.Request) =>
    caller(
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

  router.get(
    '/clusters/:cluster/namespaces/:namespace/pods/:pod/logs',
    async (req, res) => {
      await clusterReader(req);
      const params = parseInput(logParams, req.params, 'pod');
      const query = parseInput(logQuery, req.query, 'query');
      res.json(
        await clusters.logs(
          params.cluster,
          params.namespace,
          params.pod,
          query,
        ),
      );
    },
  );

  // Pod names, reasons and events of a service are the cluster's: DevOps and admins
  // see them, everyone else the state, the replicas and how many pods have problems.
  const healthView = async (credentials: BackstageCredentials) => ({
    podDetail: await allowed(platformClusterReadPermission, credentials),
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
        !(await allowed(platformMetricsReadPermission, credentials))
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
