/*
 * A small, strict subset of Kustomize, enough to build Atrium's base and overlays into the
 * objects `kubectl apply -k` would send, so that tests validate those very objects.
 *
 * Implemented: `resources` (files and directories), `namespace`, `configMapGenerator`
 * (`name` + `files`, without the name hash: `generatorOptions.disableNameSuffixHash` must
 * be true), `patches` (strategic merge patch files, `path` only), `images` and
 * `replicas`. Anything else in a kustomization, and any patch list whose merge behaviour
 * is not implemented here, is refused with an error rather than built differently from
 * kubectl.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A Kubernetes object as read from YAML. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/** The kustomization fields this subset builds. */
export const SUPPORTED_KUSTOMIZATION_FIELDS = [
  'apiVersion',
  'kind',
  'resources',
  'namespace',
  'configMapGenerator',
  'generatorOptions',
  'patches',
  'images',
  'replicas',
] as const;

/** Kinds that live outside namespaces (the `namespace` field leaves them alone). */
const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'PersistentVolume',
  'StorageClass',
  'CustomResourceDefinition',
  'PriorityClass',
  'IngressClass',
]);

/**
 * Lists a strategic merge patch merges item by item, with the key that identifies an
 * item (the `patchMergeKey` of the Kubernetes API), by the path of the list.
 */
const MERGED_LISTS: Record<string, string> = {
  'spec.template.spec.containers': 'name',
  'spec.template.spec.initContainers': 'name',
  'spec.template.spec.volumes': 'name',
  'spec.template.spec.containers[].env': 'name',
  'spec.template.spec.containers[].volumeMounts': 'mountPath',
  'spec.template.spec.initContainers[].env': 'name',
  'spec.template.spec.initContainers[].volumeMounts': 'mountPath',
};

/** Lists a strategic merge patch replaces as a whole (no patchMergeKey in the API). */
const REPLACED_LISTS = new Set([
  'spec.rules',
  'spec.tls',
  'spec.accessModes',
  'spec.template.spec.containers[].command',
  'spec.template.spec.containers[].args',
]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readYamlObjects(file: string): KubeObject[] {
  const documents = parseAllDocuments(fs.readFileSync(file, 'utf8'));
  return documents
    .map(document => {
      if (document.errors.length > 0) {
        throw new Error(`${file}: ${document.errors[0].message}`);
      }
      return document.toJS() as KubeObject | null;
    })
    .filter((object): object is KubeObject => object !== null);
}

function readKustomization(dir: string): Record<string, unknown> {
  const file = path.join(dir, 'kustomization.yaml');
  const [kustomization] = readYamlObjects(file) as unknown as Record<
    string,
    unknown
  >[];
  const unsupported = Object.keys(kustomization).filter(
    field =>
      !(SUPPORTED_KUSTOMIZATION_FIELDS as readonly string[]).includes(field),
  );
  if (unsupported.length > 0) {
    throw new Error(
      `${file}: ${unsupported.join(
        ', ',
      )} not implemented by this Kustomize subset ` +
        `(it implements ${SUPPORTED_KUSTOMIZATION_FIELDS.join(', ')})`,
    );
  }
  return kustomization;
}

function only(
  file: string,
  what: string,
  entry: Record<string, unknown>,
  fields: string[],
) {
  const extra = Object.keys(entry).filter(field => !fields.includes(field));
  if (extra.length > 0) {
    throw new Error(
      `${file}: ${what} field(s) ${extra.join(
        ', ',
      )} not implemented (only ${fields.join(', ')})`,
    );
  }
}

function objectId(object: {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
}) {
  return `${object.apiVersion}/${object.kind} ${
    object.metadata?.namespace ?? ''
  }/${object.metadata?.name}`;
}

/** Merges a strategic merge patch into `target` (changed in place), as kubectl does. */
function strategicMerge(
  target: Record<string, unknown>,
  patch: Record<string, unknown>,
  at: string,
  source: string,
) {
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) {
      throw new Error(
        `${source}: patch directive ${key} at ${at} not implemented by this Kustomize subset`,
      );
    }
    const keyPath = at ? `${at}.${key}` : key;
    if (value === null) {
      // `field: null` deletes the field.
      delete target[key];
    } else if (isObject(value) && isObject(target[key])) {
      strategicMerge(
        target[key] as Record<string, unknown>,
        value,
        keyPath,
        source,
      );
    } else if (Array.isArray(value)) {
      const mergeKey = MERGED_LISTS[keyPath];
      if (mergeKey) {
        const merged = Array.isArray(target[key])
          ? [...(target[key] as Record<string, unknown>[])]
          : [];
        for (const item of value as Record<string, unknown>[]) {
          const existing = merged.find(
            candidate => candidate[mergeKey] === item[mergeKey],
          );
          if (existing) {
            strategicMerge(existing, item, `${keyPath}[]`, source);
          } else {
            merged.push(structuredClone(item));
          }
        }
        target[key] = merged;
      } else if (
        REPLACED_LISTS.has(keyPath) ||
        value.every(item => !isObject(item))
      ) {
        target[key] = structuredClone(value);
      } else {
        throw new Error(
          `${source}: merging the list at ${keyPath} is not implemented by this Kustomize subset`,
        );
      }
    } else {
      target[key] = structuredClone(value as Json);
    }
  }
}

function podTemplateContainers(object: KubeObject): Record<string, unknown>[] {
  const spec = (object.spec as any)?.template?.spec;
  if (!spec) {
    return [];
  }
  return [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
}

function imageName(image: string): string {
  const withoutDigest = image.split('@')[0];
  const lastColon = withoutDigest.lastIndexOf(':');
  // A colon after the last slash separates the tag (a colon before it is a registry port).
  return lastColon > withoutDigest.lastIndexOf('/')
    ? withoutDigest.slice(0, lastColon)
    : withoutDigest;
}

/**
 * Builds the kustomization in `dir` into the list of objects `kubectl apply -k dir`
 * applies, or throws if it uses a feature this subset does not implement.
 */
export function buildKustomization(dir: string): KubeObject[] {
  const file = path.join(dir, 'kustomization.yaml');
  const kustomization = readKustomization(dir);
  const objects: KubeObject[] = [];

  // Resources: files of objects, and other kustomizations (bases), each built first.
  for (const resource of (kustomization.resources as string[]) ?? []) {
    const resourcePath = path.resolve(dir, resource);
    if (fs.statSync(resourcePath).isDirectory()) {
      objects.push(...buildKustomization(resourcePath));
    } else {
      objects.push(...readYamlObjects(resourcePath));
    }
  }

  // Generators: ConfigMaps whose keys are file names and values the files' contents.
  const generatorOptions = (kustomization.generatorOptions ?? {}) as Record<
    string,
    unknown
  >;
  only(file, 'generatorOptions', generatorOptions, ['disableNameSuffixHash']);
  const generators = (kustomization.configMapGenerator ?? []) as Record<
    string,
    unknown
  >[];
  if (
    generators.length > 0 &&
    generatorOptions.disableNameSuffixHash !== true
  ) {
    throw new Error(
      `${file}: the generated name hash is not implemented; set generatorOptions.disableNameSuffixHash: true`,
    );
  }
  for (const generator of generators) {
    only(file, 'configMapGenerator', generator, ['name', 'files']);
    const data: Record<string, string> = {};
    for (const entry of (generator.files as string[]) ?? []) {
      if (entry.includes('=')) {
        throw new Error(
          `${file}: configMapGenerator file keys (key=path) not implemented`,
        );
      }
      data[path.basename(entry)] = fs.readFileSync(
        path.resolve(dir, entry),
        'utf8',
      );
    }
    objects.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: generator.name as string },
      data,
    });
  }

  // Patches: strategic merge patches, each naming its target by kind and name.
  for (const patchEntry of (kustomization.patches ?? []) as Record<
    string,
    unknown
  >[]) {
    only(file, 'patches', patchEntry, ['path']);
    const patchFile = path.resolve(dir, patchEntry.path as string);
    for (const patch of readYamlObjects(patchFile)) {
      const targets = objects.filter(
        object =>
          object.apiVersion === patch.apiVersion &&
          object.kind === patch.kind &&
          object.metadata.name === patch.metadata.name &&
          (patch.metadata.namespace === undefined ||
            object.metadata.namespace === patch.metadata.namespace),
      );
      if (targets.length !== 1) {
        throw new Error(
          `${patchFile}: the patch for ${objectId(patch)} matches ${
            targets.length
          } objects, not 1`,
        );
      }
      const { apiVersion: _a, kind: _k, ...changes } = patch;
      strategicMerge(targets[0], changes, '', patchFile);
    }
  }

  // Transformers: namespace, then images and replicas.
  if (kustomization.namespace !== undefined) {
    const namespace = kustomization.namespace as string;
    for (const object of objects) {
      if (!CLUSTER_SCOPED_KINDS.has(object.kind)) {
        object.metadata.namespace = namespace;
      }
      // Bindings follow their service accounts into the namespace.
      if (
        object.kind === 'ClusterRoleBinding' ||
        object.kind === 'RoleBinding'
      ) {
        for (const subject of (object.subjects ?? []) as Record<
          string,
          unknown
        >[]) {
          if (subject.kind === 'ServiceAccount') {
            subject.namespace = namespace;
          }
        }
      }
    }
  }
  for (const image of (kustomization.images ?? []) as Record<
    string,
    unknown
  >[]) {
    only(file, 'images', image, ['name', 'newName', 'newTag', 'digest']);
    for (const container of objects.flatMap(podTemplateContainers)) {
      const current = container.image as string;
      if (imageName(current) !== image.name) {
        continue;
      }
      const name = (image.newName as string | undefined) ?? imageName(current);
      if (image.digest) {
        container.image = `${name}@${image.digest}`;
      } else if (image.newTag !== undefined) {
        container.image = `${name}:${image.newTag}`;
      } else {
        container.image = current.replace(imageName(current), name);
      }
    }
  }
  for (const replica of (kustomization.replicas ?? []) as Record<
    string,
    unknown
  >[]) {
    only(file, 'replicas', replica, ['name', 'count']);
    const scaled = objects.filter(
      object =>
        ['Deployment', 'StatefulSet', 'ReplicaSet'].includes(object.kind) &&
        object.metadata.name === replica.name,
    );
    if (scaled.length === 0) {
      throw new Error(
        `${file}: replicas names ${replica.name}, which is not built here`,
      );
    }
    for (const object of scaled) {
      (object.spec as Record<string, unknown>).replicas = replica.count;
    }
  }

  return objects;
}
