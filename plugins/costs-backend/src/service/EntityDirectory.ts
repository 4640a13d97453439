import type { AuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/** What the costs service needs to know about catalog entities. */
export interface EntityDirectory {
  /** Display names (title, profile display name, or name) of entity refs. */
  labels(refs: string[]): Promise<Map<string, string>>;
  exists(ref: string): Promise<boolean>;
  /** The owner ref of a catalog entity (a project), if any. */
  ownerOf(ref: string): Promise<string | undefined>;
  /** The refs of a group's direct sub-groups (`spec.children`). */
  subGroups(ref: string): Promise<string[]>;
}

/** A ref as written in an entity (a bare name is a group of its namespace), normalised. */
function refIn(entity: Entity, written: string): string {
  const parsed = parseEntityRef(written, {
    defaultKind: 'group',
    defaultNamespace: entity.metadata.namespace ?? 'default',
  });
  return `${parsed.kind}:${parsed.namespace}/${parsed.name}`.toLocaleLowerCase(
    'en-US',
  );
}

function label(entity: Entity): string {
  const profile = (entity.spec as any)?.profile;
  return entity.metadata.title ?? profile?.displayName ?? entity.metadata.name;
}

/** Reads the catalog as the costs plugin itself (labels are not secret). */
export class CatalogEntityDirectory implements EntityDirectory {
  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  private async credentials() {
    return { credentials: await this.auth.getOwnServiceCredentials() };
  }

  async labels(refs: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(refs.filter(r => r.includes(':')))];
    const out = new Map<string, string>();
    if (unique.length === 0) return out;
    const { items } = await this.catalog.getEntitiesByRefs(
      {
        entityRefs: unique,
        fields: ['kind', 'metadata.name', 'metadata.title', 'spec.profile'],
      },
      await this.credentials(),
    );
    items.forEach((entity, i) => {
      if (entity) out.set(unique[i], label(entity));
    });
    return out;
  }

  async exists(ref: string): Promise<boolean> {
    return Boolean(
      await this.catalog.getEntityByRef(ref, await this.credentials()),
    );
  }

  async ownerOf(ref: string): Promise<string | undefined> {
    const entity = await this.catalog.getEntityByRef(
      ref,
      await this.credentials(),
    );
    const owner = (entity?.spec as any)?.owner;
    if (typeof owner !== 'string') return undefined;
    // Owners are often written as bare names: a bare name is a group.
    return refIn(entity!, owner);
  }

  async subGroups(ref: string): Promise<string[]> {
    const entity = await this.catalog.getEntityByRef(
      ref,
      await this.credentials(),
    );
    const children = (entity?.spec as any)?.children;
    if (!Array.isArray(children)) return [];
    return children
      .filter((c): c is string => typeof c === 'string')
      .map(c => refIn(entity!, c));
  }
}

/** The name part of an entity ref, for sentences: group:default/team-vision -> team-vision. */
export function shortName(ref: string): string {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}
