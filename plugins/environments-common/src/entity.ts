import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CONDA_ENVIRONMENT_TYPE,
  ENVIRONMENT_LIFECYCLES,
  ENVIRONMENT_NAME_LABEL,
  ENVIRONMENT_VERSION_LABEL,
  environmentEntityName,
} from './constants';
import {
  CONDA_STORE_ENVIRONMENT_ANNOTATION,
  isCondaStoreEnvironmentEntity,
} from './condaStore';
import { findUnpinnedDependencies, parseDependencies } from './dependencies';
import { CondaEnvironment } from './types';

/**
 * Thrown when an entity is not a readable environment. Named `InputError` so that
 * Backstage's error handling (which goes by `name`) answers it with a 400.
 * @public
 */
export class InvalidEnvironmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** True for a catalog Resource of `spec.type: conda-environment`. @public */
export function isCondaEnvironmentEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    entity.spec?.type === CONDA_ENVIRONMENT_TYPE
  );
}

// A name conda accepts and that fits an entity name once `-<version>` is appended.
const ENVIRONMENT_NAME = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;
const ENVIRONMENT_VERSION = /^[0-9][0-9A-Za-z.]*$/;

/**
 * Reads a curated environment from its catalog entity. Throws an
 * {@link InvalidEnvironmentError} saying what to fix when the entity is not a
 * conda-environment Resource or its `spec.environment` is malformed. It does not
 * check pinning or labels: see {@link validateEnvironmentEntity}.
 * @public
 */
export function readCondaEnvironment(entity: Entity): CondaEnvironment {
  const ref = stringifyEntityRef(entity);
  const fail = (problem: string): never => {
    throw new InvalidEnvironmentError(
      `${ref} is not a valid environment: ${problem}`,
    );
  };
  if (!isCondaEnvironmentEntity(entity)) {
    fail(`it must be a Resource with spec.type ${CONDA_ENVIRONMENT_TYPE}`);
  }
  const environment = entity.spec?.environment;
  if (
    !environment ||
    typeof environment !== 'object' ||
    Array.isArray(environment)
  ) {
    fail('spec.environment is missing (name, version, channels, dependencies)');
  }
  const { name, version, channels, dependencies } = environment as Record<
    string,
    unknown
  >;
  if (typeof name !== 'string' || !ENVIRONMENT_NAME.test(name)) {
    fail(
      'spec.environment.name must be lower-case letters, digits and dashes, e.g. python-data-science',
    );
  }
  if (typeof version === 'number') {
    fail(
      `spec.environment.version must be a string: quote it ("${version}") so YAML keeps it as written`,
    );
  }
  if (typeof version !== 'string' || !ENVIRONMENT_VERSION.test(version)) {
    fail('spec.environment.version must be a version such as "2026.11"');
  }
  if (
    !Array.isArray(channels) ||
    channels.length === 0 ||
    channels.some(
      channel => typeof channel !== 'string' || channel.trim() === '',
    )
  ) {
    fail(
      'spec.environment.channels must be a non-empty list of channel names, e.g. [conda-forge]',
    );
  }
  let parsed;
  try {
    parsed = parseDependencies(dependencies);
  } catch (error) {
    return fail(`spec.environment.${(error as Error).message}`);
  }
  if (parsed.length === 0) {
    fail('spec.environment.dependencies is empty');
  }
  const lifecycle = entity.spec?.lifecycle;
  return {
    entityRef: ref,
    name: name as string,
    version: version as string,
    lifecycle: typeof lifecycle === 'string' ? lifecycle : '',
    channels: channels as string[],
    dependencies: parsed,
  };
}

/**
 * Everything wrong with a conda-environment entity, for people, empty when it is a
 * valid curated environment: readable (see {@link readCondaEnvironment}), named
 * `<name>-<version>` with matching labels, a lifecycle of production or deprecated,
 * and every dependency pinned to one exact version. An entity conda-store provides
 * (annotated with its namespace) needs neither the entity name nor the pins.
 * @public
 */
export function validateEnvironmentEntity(entity: Entity): string[] {
  let env: CondaEnvironment;
  try {
    env = readCondaEnvironment(entity);
  } catch (error) {
    return [(error as Error).message];
  }
  const problems: string[] = [];
  const expectedName = environmentEntityName(env.name, env.version);
  // conda-store's environments are one entity per environment (its builds are the
  // versions) and as pinned as their authors wrote them: only readability, labels and
  // lifecycle apply.
  const fromCondaStore = isCondaStoreEnvironmentEntity(entity);
  if (
    fromCondaStore &&
    !entity.metadata.annotations?.[CONDA_STORE_ENVIRONMENT_ANNOTATION]
  ) {
    problems.push(
      `metadata.annotations["${CONDA_STORE_ENVIRONMENT_ANNOTATION}"] must name the conda-store environment`,
    );
  }
  if (!fromCondaStore && entity.metadata.name !== expectedName) {
    problems.push(
      `metadata.name must be "${expectedName}" (<environment name>-<version>), not "${entity.metadata.name}"`,
    );
  }
  const labels = entity.metadata.labels ?? {};
  if (labels[ENVIRONMENT_NAME_LABEL] !== env.name) {
    problems.push(
      `metadata.labels["${ENVIRONMENT_NAME_LABEL}"] must be "${env.name}"`,
    );
  }
  if (labels[ENVIRONMENT_VERSION_LABEL] !== env.version) {
    problems.push(
      `metadata.labels["${ENVIRONMENT_VERSION_LABEL}"] must be "${env.version}"`,
    );
  }
  if (!(ENVIRONMENT_LIFECYCLES as readonly string[]).includes(env.lifecycle)) {
    problems.push(
      `spec.lifecycle must be one of ${ENVIRONMENT_LIFECYCLES.join(
        ', ',
      )}, not "${env.lifecycle}"`,
    );
  }
  for (const dependency of fromCondaStore
    ? []
    : findUnpinnedDependencies(env)) {
    problems.push(
      `${dependency.unpinnedReason}: environments must pin exact versions`,
    );
  }
  return problems;
}
