import { readDurationFromConfig, type Config } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  parseCondaSpec,
  parsePipSpec,
  type CondaDependency,
} from '@internal/plugin-environments-common';
import {
  readCondaStoreOwnerRules,
  type CondaStoreSpec,
} from '@internal/plugin-environments-node';

/**
 * conda-store's rule for namespace and environment names (`ALLOWED_CHARACTERS` of
 * `conda_store_server/_internal/schema.py`; a specification whose name breaks it is
 * refused with a pydantic pattern error).
 */
export const CONDA_STORE_NAME_PATTERN = /^[A-Za-z0-9\-+_@$&?^~.=]+$/;

/** What a site decides about environments people build in conda-store from the portal. */
export interface CondaStoreApplySettings {
  /** Channels a specification may use (`environments.condaStore.allowedChannels`). */
  allowedChannels: string[];
  /** Whether every dependency must name one exact version (`.requirePinned`). */
  requirePinned: boolean;
  /** How long the action follows a build before giving up (`.buildTimeout`). */
  buildTimeoutMs: number;
  /** How long a build may stay QUEUED before the workers are presumed down (`.queueTimeout`). */
  queueTimeoutMs: number;
  /** Between two looks at the build. */
  pollIntervalMs: number;
  /** Who owns the `global` namespace (`.platformOwner`, as the catalog provider reads it). */
  platformOwner: string;
  /** Owners of namespaces not named like a team (`.namespaceOwners`, as the catalog provider reads it). */
  namespaceOwners: Record<string, string>;
}

const MINUTE = 60_000;

/** The settings from `environments.condaStore`, with the defaults of config.d.ts. */
export function condaStoreApplySettingsFromConfig(
  config: Config,
): CondaStoreApplySettings {
  const condaStore = config.getOptionalConfig('environments.condaStore');
  const ms = (key: string, fallback: number) =>
    condaStore?.has(key)
      ? durationToMilliseconds(readDurationFromConfig(condaStore, { key }))
      : fallback;
  return {
    allowedChannels: condaStore?.getOptionalStringArray('allowedChannels') ?? [
      'conda-forge',
    ],
    requirePinned: condaStore?.getOptionalBoolean('requirePinned') ?? false,
    buildTimeoutMs: ms('buildTimeout', 30 * MINUTE),
    queueTimeoutMs: ms('queueTimeout', 10 * MINUTE),
    pollIntervalMs: 2_000,
    ...readCondaStoreOwnerRules(config),
  };
}

/** `90000` -> `2 minutes`, `2000` -> `2 seconds`. */
export function formatDuration(ms: number): string {
  const [n, unit] =
    ms >= MINUTE
      ? [Math.round(ms / MINUTE), 'minute']
      : [Math.round(ms / 1000), 'second'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** What the person asked for, as the action's input gives it. */
export interface CondaStoreEnvironmentRequest {
  namespace: string;
  name: string;
  channels?: string[];
  dependencies: string[];
  pip?: string[];
  description?: string;
}

// A channel is compared as written, without a trailing slash (`conda-forge`, or a URL).
const sameChannel = (channel: string) => channel.trim().replace(/\/+$/, '');

/**
 * The environment.yml conda-store is sent, or every problem with the request, each a
 * sentence saying what to change.
 */
export function condaStoreSpecOf(
  request: CondaStoreEnvironmentRequest,
  settings: CondaStoreApplySettings,
): { spec: CondaStoreSpec } | { problems: string[] } {
  const problems: string[] = [];
  const allowed = settings.allowedChannels.map(sameChannel);
  const allowedList = settings.allowedChannels.join(', ');
  for (const [what, value] of [
    ['namespace', request.namespace],
    ['environment name', request.name],
  ]) {
    if (!CONDA_STORE_NAME_PATTERN.test(value)) {
      problems.push(
        `The ${what} '${value}' is not one conda-store accepts: use only letters, digits and - + _ @ $ & ? ^ ~ . = (no spaces, slashes, colons, # or *), e.g. 'vision-training'.`,
      );
    }
  }

  const channels = (
    request.channels?.length ? request.channels : [settings.allowedChannels[0]]
  ).map(sameChannel);
  for (const channel of channels) {
    if (!allowed.includes(channel)) {
      problems.push(
        `The channel '${channel}' is not allowed on this site: use ${allowedList} (environments.condaStore.allowedChannels).`,
      );
    }
  }

  const conda = request.dependencies.map(spec => spec.trim());
  const pip = (request.pip ?? []).map(spec => spec.trim());
  if (conda.length === 0) {
    problems.push(
      'The environment has no conda dependencies: list at least one, e.g. python=3.12.7.',
    );
  }
  if ([...conda, ...pip].some(spec => spec === '')) {
    problems.push('A dependency is empty: remove the empty line.');
  }
  const parsed: CondaDependency[] = [
    ...conda.filter(Boolean).map(parseCondaSpec),
    ...pip.filter(Boolean).map(parsePipSpec),
  ];
  for (const dependency of parsed) {
    if (
      dependency.channel &&
      !allowed.includes(sameChannel(dependency.channel))
    ) {
      problems.push(
        `${dependency.spec} comes from the channel '${dependency.channel}', which is not allowed on this site: use ${allowedList}.`,
      );
    }
  }
  if (settings.requirePinned) {
    for (const dependency of parsed.filter(d => !d.pinned)) {
      problems.push(
        `This site requires exact versions: ${dependency.unpinnedReason}.`,
      );
    }
  }
  if (problems.length > 0) return { problems };
  return {
    spec: {
      name: request.name,
      channels,
      dependencies: [...conda, ...(pip.length ? [{ pip }] : [])],
      ...(request.description ? { description: request.description } : {}),
    },
  };
}
