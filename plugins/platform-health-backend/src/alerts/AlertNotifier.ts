import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  PLATFORM_HEALTH_ANNOTATIONS as A,
  type ServiceAlert,
} from '@internal/plugin-platform-health-common';
import type { EpisodeStart, EpisodeStore } from '../database/EpisodeStore';
import type { PrometheusClient } from '../prometheus/PrometheusClient';
import { parseAlertSelector } from '../prometheus/alertSelector';
import type { ServiceHealthService } from '../service/ServiceHealthService';
import { HealthAnnotations } from '../service/trust';
import type { PlatformHealthConfig } from '../config';

/** The notifications topic, so people can mute them in their settings. */
export const ALERT_TOPIC = 'platform-health';

/** A label set as a stable key part: sorted, JSON. */
function labelKey(labels: Record<string, string>) {
  return JSON.stringify(
    Object.keys(labels)
      .sort()
      .map(k => [k, labels[k]]),
  );
}

/** The owner of a component as an entity ref (`team-a` is a group of the default namespace). */
export function ownerRef(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/** The health page of a component in the frontend. */
export function healthLink(entity: Entity): string {
  const ns = encodeURIComponent(entity.metadata.namespace ?? 'default');
  return `/catalog/${ns}/component/${encodeURIComponent(
    entity.metadata.name,
  )}/health`;
}

interface Current extends EpisodeStart {
  entity?: Entity;
  reasons?: string[];
}

/**
 * Turns what is wrong now into episodes and tells the owners once per episode: each
 * firing alert (Prometheus' alerts API) and each service down or degraded opens an
 * episode; the component's owning group is notified when this run opened it (or a
 * failed send is retried); it resolves when the alert stops or the service is healthy
 * again. What is unknown (Prometheus does not answer, the state is `unknown`) neither
 * opens nor resolves anything.
 */
export class AlertNotifier {
  private readonly annotations: HealthAnnotations;

  constructor(
    private readonly options: {
      config: PlatformHealthConfig;
      store: EpisodeStore;
      services: ServiceHealthService;
      prometheus?: PrometheusClient;
      notifications: NotificationService;
      auth: AuthService;
      logger: LoggerService;
      now?: () => number;
    },
  ) {
    const { services } = options.config;
    this.annotations = new HealthAnnotations({
      staticLocations: services.staticLocations,
      trustedOrigins: services.trustedOrigins,
      overrides: services.overrides,
    });
  }

  async run(): Promise<{ opened: number; notified: number; resolved: number }> {
    const { store, services, prometheus, logger } = this.options;
    const now = this.options.now?.() ?? Date.now();
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const components = await services.platformComponents(credentials);

    const current = new Map<string, Current>();
    // Keys whose state is known now: only those may resolve.
    const known = new Set<string>();
    for (const entity of components) {
      const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
      const health = await services.health(entity, { podDetail: false });
      const key = `status:${ref}`;
      if (health.state !== 'unknown') known.add(key);
      if (health.state === 'down' || health.state === 'degraded') {
        current.set(key, {
          key,
          kind: 'status',
          name: health.state,
          componentRef: ref,
          severity: health.state === 'down' ? 'critical' : 'warning',
          summary: health.reasons.join('; '),
          labels: {},
          entity,
          reasons: health.reasons,
        });
      }
    }

    let alertsKnown = false;
    if (prometheus) {
      const { alerts, freshness } = await prometheus.alerts();
      alertsKnown = !freshness.error;
      const selectors = this.selectors(components);
      for (const alert of alerts.filter(a => a.state === 'firing')) {
        const owners = selectors.filter(s => s.matches(alert.labels));
        // An alert no component claims is recorded for DevOps, with nobody to notify.
        for (const owner of owners.length ? owners : [undefined]) {
          const ref = owner
            ? stringifyEntityRef(owner.entity).toLocaleLowerCase('en-US')
            : undefined;
          const key = `alert:${ref ?? '-'}:${labelKey(alert.labels)}`;
          current.set(key, alertEpisode(key, alert, ref, owner?.entity));
        }
      }
    }

    let opened = 0;
    let notified = 0;
    const open = await store.open();
    const openKeys = new Set(open.map(e => e.key));
    for (const episode of current.values()) {
      if (!openKeys.has(episode.key) && (await store.start(episode, now))) {
        opened++;
      }
    }
    // Notify every open, un-notified episode that is bad now: those just opened, and
    // those whose send failed last time (the row says nobody was told).
    const unnotified = new Map(
      (await store.open()).filter(e => !e.notifiedAt).map(e => [e.key, e.id]),
    );
    for (const episode of current.values()) {
      const id = unnotified.get(episode.key);
      if (id === undefined || !episode.entity) continue;
      try {
        if (await this.notify(episode, id, now)) notified++;
      } catch (error) {
        logger.warn(
          `Platform health notification for ${episode.key} not sent: ${
            (error as Error).message
          }`,
        );
      }
    }
    const gone = open
      .map(e => e.key)
      .filter(key => !current.has(key))
      .filter(key =>
        key.startsWith('status:') ? known.has(key) : alertsKnown,
      );
    const resolved = await store.resolve(gone, now);
    return { opened, notified, resolved };
  }

  private selectors(components: Entity[]) {
    const out: Array<{
      entity: Entity;
      matches: (labels: Record<string, string>) => boolean;
    }> = [];
    for (const entity of components) {
      const selector = this.annotations.of(entity).annotations[A.alertSelector];
      if (!selector) continue;
      try {
        out.push({ entity, matches: parseAlertSelector(selector) });
      } catch {
        // The health page says what is wrong with the selector.
      }
    }
    return out;
  }

  private async notify(
    episode: Current,
    episodeId: number,
    now: number,
  ): Promise<boolean> {
    const entity = episode.entity!;
    const owner = ownerRef(entity);
    if (!owner) return false;
    const title = entity.metadata.title ?? entity.metadata.name;
    const payload =
      episode.kind === 'status'
        ? {
            title: `${title} is ${episode.name}`,
            description: (episode.reasons ?? []).join('; ') || undefined,
          }
        : {
            title: `Alert ${episode.name} is firing for ${title}`,
            description: episode.summary,
          };
    // Claimed before sending: a second replica's run cannot send it too. A failed send
    // gives the claim back, so the next run tries again.
    if (!(await this.options.store.markNotified(episode.key, now))) {
      return false;
    }
    try {
      await this.options.notifications.send({
        recipients: { type: 'entity', entityRef: owner },
        payload: {
          ...payload,
          link: healthLink(entity),
          severity: episode.severity === 'critical' ? 'critical' : 'high',
          topic: ALERT_TOPIC,
          // Per episode: the notifications backend updates a notification of the
          // same scope instead of sending a new one.
          scope: `platform-health:episode:${episodeId}`,
        },
      });
    } catch (error) {
      await this.options.store.unmarkNotified(episode.key);
      throw error;
    }
    return true;
  }
}

function alertEpisode(
  key: string,
  alert: ServiceAlert,
  componentRef: string | undefined,
  entity: Entity | undefined,
): Current {
  return {
    key,
    kind: 'alert',
    name: alert.name,
    ...(componentRef ? { componentRef } : {}),
    ...(alert.severity ? { severity: alert.severity } : {}),
    ...(alert.summary ? { summary: alert.summary } : {}),
    labels: alert.labels,
    ...(entity ? { entity } : {}),
  };
}
