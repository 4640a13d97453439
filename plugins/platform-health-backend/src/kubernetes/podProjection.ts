type Any = Record<string, any>;

function pick(object: Any | undefined, keys: string[]): Any | undefined {
  if (!object) return object;
  const result: Any = {};
  for (const key of keys) {
    if (object[key] !== undefined && object[key] !== null) {
      result[key] = object[key];
    }
  }
  return result;
}

const STATE_FIELDS = [
  'exitCode',
  'signal',
  'reason',
  'message',
  'startedAt',
  'finishedAt',
];

function slimState(state: Any | undefined): Any | undefined {
  if (!state) return state;
  return {
    ...(state.waiting
      ? { waiting: pick(state.waiting, ['reason', 'message']) }
      : {}),
    ...(state.running ? { running: pick(state.running, ['startedAt']) } : {}),
    ...(state.terminated
      ? { terminated: pick(state.terminated, STATE_FIELDS) }
      : {}),
  };
}

function slimContainerStatus(status: Any): Any {
  return {
    ...pick(status, ['name', 'image', 'ready', 'started', 'restartCount']),
    ...(status.state ? { state: slimState(status.state) } : {}),
    // The last instance's end: OOM kills and crash loops are read from it.
    ...(status.lastState?.terminated
      ? {
          lastState: {
            terminated: pick(status.lastState.terminated, STATE_FIELDS),
          },
        }
      : {}),
  };
}

/**
 * What is kept of a pod's status: what the overview, the problem diagnoses and the
 * workspace diagnoses read (phase, reason and message, start time, conditions, and per
 * container its name, image, readiness, restarts, state and last termination). Not the
 * pod and host IPs, QoS class, image and container IDs, volume mounts, allocated
 * resources or a condition's lastProbeTime: at 150,000 pods those are about a third of
 * what a slim pod weighs.
 */
export function slimPodStatus(status: Any | undefined): Any | undefined {
  if (!status) return status;
  return {
    ...pick(status, ['phase', 'reason', 'message', 'startTime']),
    ...(status.conditions
      ? {
          conditions: status.conditions.map((c: Any) =>
            pick(c, [
              'type',
              'status',
              'reason',
              'message',
              'lastTransitionTime',
            ]),
          ),
        }
      : {}),
    ...(status.initContainerStatuses
      ? {
          initContainerStatuses:
            status.initContainerStatuses.map(slimContainerStatus),
        }
      : {}),
    ...(status.containerStatuses
      ? { containerStatuses: status.containerStatuses.map(slimContainerStatus) }
      : {}),
  };
}

/** Strings kept in the pool at most; it starts over when full. */
const POOL_SIZE = 65_536;

/**
 * One copy of each recurring string. JSON.parse makes a new string for every value, so
 * 150,000 pods hold 150,000 copies of the same namespace, node names, images, label
 * values, owner references and timestamps (a pod's conditions mostly share one).
 * Starting over when full bounds the pool whatever the cluster holds; recurring
 * strings are pooled again right after.
 */
class StringPool {
  private strings = new Map<string, string>();

  intern(value: string): string {
    const pooled = this.strings.get(value);
    if (pooled !== undefined) return pooled;
    if (this.strings.size >= POOL_SIZE) this.strings = new Map();
    this.strings.set(value, value);
    return value;
  }
}

const pool = new StringPool();

/** Fields unique to one object: pooling them would only fill the pool. */
const UNIQUE_METADATA = new Set(['name', 'uid', 'resourceVersion']);

/** Replaces every string in `value` (an object just projected, ours to change) by its pooled copy. */
function internAll(value: unknown, skip?: ReadonlySet<string>): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (typeof item === 'string') value[i] = pool.intern(item);
      else if (item && typeof item === 'object') internAll(item);
    }
    return;
  }
  if (!value || typeof value !== 'object') return;
  const object = value as Any;
  for (const key of Object.keys(object)) {
    const item = object[key];
    if (typeof item === 'string') {
      if (!skip?.has(key)) object[key] = pool.intern(item);
    } else if (item && typeof item === 'object') {
      internAll(item, key === 'metadata' ? UNIQUE_METADATA : undefined);
    }
  }
}

/** A projected pod with its recurring strings pooled (see {@link StringPool}). */
export function pooledStrings<T>(pod: T): T {
  internAll(pod);
  return pod;
}
