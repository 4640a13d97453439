import {
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import {
  processingResult,
  type CatalogProcessor,
  type CatalogProcessorEmit,
  type LocationSpec,
} from '@backstage/plugin-catalog-node';
import {
  isDataSourceEntity,
  NEBARI_SHARED_FOLDER_ANNOTATION,
  SENSITIVITY_LEVELS,
  validateDataSourceEntity,
  type Sensitivity,
} from '@internal/plugin-data-access-common';

/** How Nebari lays out its groups' shared folders (its 03-profiles.py defaults). */
export interface NebariSharedFolders {
  claimName: string;
  subPathTemplate: string;
  mountPathTemplate: string;
  sensitivity: Sensitivity;
  /** Empty: every group. */
  groupTypes: string[];
}

/** `dataAccess.nebariSharedFolders`, or undefined when not enabled. */
export function readNebariSharedFolders(
  config: Config,
): NebariSharedFolders | undefined {
  const c = config.getOptionalConfig('dataAccess.nebariSharedFolders');
  if (!c?.getOptionalBoolean('enabled')) return undefined;
  const sensitivity = c.getOptionalString('sensitivity') ?? 'internal';
  if (!(SENSITIVITY_LEVELS as readonly string[]).includes(sensitivity)) {
    throw new Error(
      `dataAccess.nebariSharedFolders.sensitivity must be one of ${SENSITIVITY_LEVELS.join(', ')}, got ${sensitivity}`,
    );
  }
  return {
    claimName: c.getOptionalString('claimName') ?? 'jupyterhub-shared',
    subPathTemplate: c.getOptionalString('subPathTemplate') ?? 'shared/{group}',
    mountPathTemplate:
      c.getOptionalString('mountPathTemplate') ?? '/shared/{group}',
    sensitivity: sensitivity as Sensitivity,
    groupTypes: c.getOptionalStringArray('groupTypes') ?? [],
  };
}

/** The data source Resource describing a group's Nebari shared folder. */
export function sharedFolderEntity(
  group: Entity,
  layout: NebariSharedFolders,
): Entity {
  const name = group.metadata.name;
  const fill = (template: string) => template.split('{group}').join(name);
  const title =
    (group.spec?.profile as { displayName?: string } | undefined)
      ?.displayName ?? group.metadata.title ?? name;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: `shared-${name}`.slice(0, 63).replace(/-+$/, ''),
      namespace: group.metadata.namespace ?? 'default',
      title: `${title} shared folder`,
      description: `The ${fill(layout.mountPathTemplate)} folder every member of ${title} has in their workspaces (Nebari's group shared folder).`,
      annotations: {
        [NEBARI_SHARED_FOLDER_ANNOTATION]: name,
      },
      tags: ['shared-folder', 'nebari'],
    },
    spec: {
      type: 'shared-folder',
      owner: stringifyEntityRef(group),
      dataSource: {
        sensitivity: layout.sensitivity,
        volume: {
          persistentVolumeClaim: { claimName: layout.claimName },
          subPath: fill(layout.subPathTemplate),
        },
        mountPath: fill(layout.mountPathTemplate),
      },
    },
  };
}

/**
 * Data sources in the catalog: each data-source Resource is checked (every problem a
 * processing error, as the environments processor does, so the catalog keeps the last
 * valid version), and, when `dataAccess.nebariSharedFolders` is on, each Group gets the
 * Resource of its Nebari shared folder, so that nobody writes those by hand and a new
 * group's folder appears with the group.
 *
 * The generated Resource is emitted from the Group's location: a location whose rules
 * allow only User and Group must allow Resource too.
 */
export class DataSourceProcessor implements CatalogProcessor {
  constructor(private readonly sharedFolders?: NebariSharedFolders) {}

  getProcessorName(): string {
    return 'DataSourceProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (isDataSourceEntity(entity)) {
      for (const problem of validateDataSourceEntity(entity)) {
        emit(processingResult.inputError(location, problem));
      }
    }
    const layout = this.sharedFolders;
    if (layout && entity.kind.toLocaleLowerCase('en-US') === 'group') {
      const type = String(entity.spec?.type ?? '');
      if (!layout.groupTypes.length || layout.groupTypes.includes(type)) {
        emit(processingResult.entity(location, sharedFolderEntity(entity, layout)));
      }
    }
    return entity;
  }
}
