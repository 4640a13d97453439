import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogApi } from '@backstage/plugin-catalog-react';
import {
  CONDA_ENVIRONMENT_TYPE,
  CondaEnvironment,
  ENVIRONMENT_ANNOTATION,
  ENVIRONMENT_NAME_LABEL,
  ENVIRONMENT_VERSION_LABEL,
  compareVersions,
  readCondaEnvironment,
} from '@internal/plugin-environments-common';

/** One version of an environment as the catalog has it (unreadable ones included). */
export interface EnvironmentVersion {
  /** Lower-cased entity ref: what workspaces and annotations are compared with. */
  ref: string;
  entity: Entity;
  version: string;
  lifecycle: string;
  /** The environment, when the entity is a readable one. */
  environment?: CondaEnvironment;
  /** Why it could not be read, when it could not. */
  problem?: string;
}

export const normalizeRef = (ref: string) => ref.toLocaleLowerCase('en-US');

export function toEnvironmentVersion(entity: Entity): EnvironmentVersion {
  const ref = normalizeRef(stringifyEntityRef(entity));
  const lifecycle = String(entity.spec?.lifecycle ?? '');
  try {
    const environment = readCondaEnvironment(entity);
    return {
      ref,
      entity,
      version: environment.version,
      lifecycle,
      environment,
    };
  } catch (error) {
    return {
      ref,
      entity,
      version:
        entity.metadata.labels?.[ENVIRONMENT_VERSION_LABEL] ??
        entity.metadata.name,
      lifecycle,
      problem: (error as Error).message,
    };
  }
}

/** Every version of the environment `name` in the catalog, newest first. */
export async function loadEnvironmentVersions(
  catalogApi: CatalogApi,
  name: string,
): Promise<EnvironmentVersion[]> {
  const { items } = await catalogApi.getEntities({
    filter: {
      kind: 'resource',
      'spec.type': CONDA_ENVIRONMENT_TYPE,
      [`metadata.labels.${ENVIRONMENT_NAME_LABEL}`]: name,
    },
  });
  return items
    .map(toEnvironmentVersion)
    .sort((a, b) => compareVersions(b.version, a.version));
}

/** The environment name of an environment entity (its label, else its spec). */
export function environmentNameOf(entity: Entity): string | undefined {
  const fromLabel = entity.metadata.labels?.[ENVIRONMENT_NAME_LABEL];
  if (fromLabel) return fromLabel;
  const spec = entity.spec?.environment as { name?: unknown } | undefined;
  return typeof spec?.name === 'string' ? spec.name : undefined;
}

/**
 * The projects (catalog Components) whose `atrium.io/environment` annotation names
 * one of `refs`, by lower-cased environment ref.
 */
export async function loadProjectsUsing(
  catalogApi: CatalogApi,
  refs: string[],
): Promise<Map<string, Entity[]>> {
  const byRef = new Map<string, Entity[]>(
    refs.map(ref => [normalizeRef(ref), []]),
  );
  if (refs.length === 0) return byRef;
  const { items } = await catalogApi.getEntities({
    filter: {
      kind: 'component',
      [`metadata.annotations.${ENVIRONMENT_ANNOTATION}`]: refs,
    },
  });
  for (const project of items) {
    const ref = project.metadata.annotations?.[ENVIRONMENT_ANNOTATION];
    if (ref) byRef.get(normalizeRef(ref))?.push(project);
  }
  return byRef;
}

/**
 * The newest production version, when it is newer than `current`: what a project on
 * `current` could move to.
 */
export function newerProductionVersion(
  versions: EnvironmentVersion[],
  current: EnvironmentVersion,
): EnvironmentVersion | undefined {
  const newest = versions.find(
    v => v.lifecycle === 'production' && v.environment,
  );
  if (!newest || compareVersions(newest.version, current.version) <= 0)
    return undefined;
  return newest;
}
