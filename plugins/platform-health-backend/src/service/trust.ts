import type { Config } from '@backstage/config';
import {
  ANNOTATION_ORIGIN_LOCATION,
  stringifyEntityRef,
  stringifyLocationRef,
  type Entity,
} from '@backstage/catalog-model';
import { PLATFORM_HEALTH_ANNOTATIONS as A } from '@internal/plugin-platform-health-common';
import path from 'node:path';

/**
 * The annotations that make the backend fetch URLs, run Prometheus queries or look
 * wider in the clusters. Anyone who can edit a registered catalog-info.yaml sets them,
 * so they count only on entities from a trusted origin (or when set in config).
 * `backstage.io/kubernetes-id` is not among them: Backstage's Kubernetes tab honours it
 * for every entity, and what it shows of pods is for DevOps and admins only.
 */
export const TRUSTED_ONLY_ANNOTATIONS: readonly string[] = [
  A.healthUrl,
  A.availability,
  A.latencyP95,
  A.errorRate,
  A.alertSelector,
  A.cluster,
  A.kubernetesLabelSelector,
  A.kubernetesNamespace,
];

/**
 * The origin location refs the catalog gives the entities of the config's static
 * `catalog.locations`: `type:target`, with a file target resolved against the working
 * directory (as the catalog's ConfigLocationEntityProvider does), e.g.
 * `file:/srv/atrium/examples/platform.yaml`. Entities found through those locations
 * (also through Location entities inside them) keep that origin.
 */
export function staticLocationRefs(root: Config): string[] {
  return (root.getOptionalConfigArray('catalog.locations') ?? []).map(
    location => {
      const type = location.getString('type');
      const target = location.getString('target');
      return stringifyLocationRef({
        type,
        target: type === 'file' ? path.resolve(target) : target,
      });
    },
  );
}

const LOCATION_REF = /^[a-z][a-z0-9+.-]*:./i;

/**
 * Reads `platformHealth.services.trustedOrigins`: origin location refs, where one
 * ending in `/` trusts every origin under it (`url:https://github.com/org/catalog/`)
 * and any other only that exact origin.
 */
export function readTrustedOrigins(entries: string[]): string[] {
  for (const entry of entries) {
    if (!LOCATION_REF.test(entry)) {
      throw new Error(
        `platformHealth.services.trustedOrigins: '${entry}' is not a location ref: write type:target, e.g. url:https://github.com/org/platform-catalog/`,
      );
    }
  }
  return entries;
}

/** "a", "a and b", "a, b and c" */
function listed(items: string[]) {
  return items.length === 1
    ? items[0]
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * Which health annotations of an entity count: all of them when the entity comes from
 * a trusted origin, otherwise none of `TRUSTED_ONLY_ANNOTATIONS` (with a note saying
 * why and what an admin can do); the config's `services.components` win over both.
 */
export class HealthAnnotations {
  constructor(
    private readonly options: {
      /** Origins trusted exactly: the config's static catalog locations. */
      staticLocations: string[];
      /** `services.trustedOrigins` (see readTrustedOrigins). */
      trustedOrigins: string[];
      /** Annotation values from config by lowercase entity ref. */
      overrides: Map<string, Record<string, string>>;
    },
  ) {}

  isTrustedOrigin(origin: string | undefined): boolean {
    if (!origin) return false;
    if (this.options.staticLocations.includes(origin)) return true;
    return this.options.trustedOrigins.some(trusted =>
      trusted.endsWith('/') ? origin.startsWith(trusted) : origin === trusted,
    );
  }

  /** The annotation values used for the entity's health, and notes on those ignored. */
  of(entity: Entity): { annotations: Record<string, string>; notes: string[] } {
    const ref = stringifyEntityRef(entity);
    const own = entity.metadata.annotations ?? {};
    const fromConfig =
      this.options.overrides.get(ref.toLocaleLowerCase('en-US')) ?? {};
    const origin = own[ANNOTATION_ORIGIN_LOCATION];
    if (this.isTrustedOrigin(origin)) {
      return { annotations: { ...own, ...fromConfig }, notes: [] };
    }
    const annotations: Record<string, string> = {};
    for (const [key, value] of Object.entries(own)) {
      if (!TRUSTED_ONLY_ANNOTATIONS.includes(key)) annotations[key] = value;
    }
    const ignored = TRUSTED_ONLY_ANNOTATIONS.filter(
      key => own[key] !== undefined && fromConfig[key] === undefined,
    );
    const notes: string[] = [];
    if (ignored.length > 0) {
      const what = `${listed(ignored)} ${ignored.length === 1 ? 'is' : 'are'}`;
      notes.push(
        origin
          ? `${what} ignored: ${ref} comes from ${origin}, which is not a trusted origin: an admin can list it in platformHealth.services.trustedOrigins or set the check in platformHealth.services.components`
          : `${what} ignored: ${ref} has no origin location (${ANNOTATION_ORIGIN_LOCATION}), so it is not from a trusted origin: an admin can set the check in platformHealth.services.components`,
      );
    }
    return { annotations: { ...annotations, ...fromConfig }, notes };
  }
}
