import type http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { KubeObject } from './types';
import type { ResourceType } from './resources';
import type { ObjectStore } from './store';
import { KubeApiError, errors } from './status';
import { applyJsonPatch, applyMergePatch } from './patch';
import type { LogStore } from './logs';
import { GracefulDeletion } from './gracefulDeletion';
import { rejectDryRun, streamList } from './httpIo';
import { requestMatcher } from './listHandler';

function asObject(raw: unknown, type: ResourceType): KubeObject {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw errors.badRequest(`the request body must be a ${type.kind} object`);
  }
  return raw as KubeObject;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function validateName(type: ResourceType, name: string) {
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    throw errors.invalid(
      type,
      name,
      'metadata.name',
      'FieldValueInvalid',
      `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
    );
  }
}

/** The 5 characters the API server appends for generateName. */
function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...randomBytes(5)].map(b => alphabet[b % alphabet.length]).join('');
}

/**
 * The write verbs: create, replace, patch, delete (graceful for pods on a node) and
 * deletecollection, with the API server's checks and answers.
 */
export class ObjectWriter {
  private readonly graceful: GracefulDeletion;

  constructor(
    private readonly store: ObjectStore,
    private readonly logs: LogStore,
    podShutdownMs: number,
  ) {
    this.graceful = new GracefulDeletion(store, podShutdownMs, (type, ns, name) =>
      this.deleteObject(type, ns, name),
    );
  }

  close() {
    this.graceful.close();
  }

  private requireNamespace(namespace: string) {
    const namespaceType = this.store.registry.byKind('v1', 'Namespace')!;
    if (!this.store.get(namespaceType, '', namespace)) {
      throw errors.notFound(namespaceType, namespace);
    }
  }

  private checkKind(type: ResourceType, body: KubeObject) {
    if (body.apiVersion && body.apiVersion !== type.apiVersion) {
      throw errors.badRequest(
        `the API version in the data (${body.apiVersion}) does not match the expected API version (${type.apiVersion})`,
      );
    }
    if (body.kind && body.kind !== type.kind) {
      throw errors.badRequest(
        `the kind in the data (${body.kind}) does not match the expected kind (${type.kind})`,
      );
    }
  }

  create(type: ResourceType, namespace: string | undefined, raw: unknown, url: URL): KubeObject {
    rejectDryRun(url);
    const body = asObject(raw, type);
    this.checkKind(type, body);
    const metadata = { ...(body.metadata ?? {}) } as KubeObject['metadata'];
    if (type.namespaced) {
      if (namespace === undefined) throw errors.methodNotAllowed('POST');
      if (metadata.namespace && metadata.namespace !== namespace) {
        throw errors.badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      this.requireNamespace(namespace);
      metadata.namespace = namespace;
    }
    if (!metadata.name && typeof metadata.generateName === 'string' && metadata.generateName) {
      metadata.name = `${metadata.generateName}${randomSuffix()}`;
    }
    if (!metadata.name) {
      throw errors.invalid(type, '', 'metadata.name', 'FieldValueRequired', 'Required value: name or generateName is required');
    }
    validateName(type, metadata.name);
    // Server-set fields: a client cannot choose them on create.
    delete metadata.resourceVersion;
    delete metadata.uid;
    delete metadata.creationTimestamp;
    const obj: KubeObject = { ...body, apiVersion: type.apiVersion, kind: type.kind, metadata };
    if (type.kind === 'Namespace') {
      obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': metadata.name };
      obj.spec = { finalizers: ['kubernetes'] };
      obj.status = { phase: 'Active' };
    }
    if (type.kind === 'Pod' && !obj.status) {
      obj.status = { phase: 'Pending', qosClass: 'BestEffort' };
    }
    return this.store.create(type, obj);
  }

  replace(type: ResourceType, ns: string, name: string, sub: string | undefined, raw: unknown) {
    const body = asObject(raw, type);
    this.checkKind(type, body);
    if (body.metadata?.name !== undefined && body.metadata.name !== name) {
      throw errors.badRequest(
        `the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const current = this.store.get(type, ns, name);
    if (!current) throw errors.notFound(type, name);
    const expectedRv = body.metadata?.resourceVersion;
    return this.store.update(type, this.merged(type, current, body, sub), expectedRv);
  }

  patch(
    type: ResourceType,
    ns: string,
    name: string,
    sub: string | undefined,
    body: unknown,
    contentType: string | undefined,
  ) {
    const current = this.store.get(type, ns, name);
    if (!current) throw errors.notFound(type, name);
    const mediaType = (contentType ?? '').split(';')[0].trim();
    let patched: KubeObject;
    if (
      mediaType === 'application/merge-patch+json' ||
      mediaType === 'application/strategic-merge-patch+json'
    ) {
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw errors.badRequest('a merge patch must be a JSON object');
      }
      patched = applyMergePatch(current, body) as KubeObject;
    } else if (mediaType === 'application/json-patch+json') {
      patched = applyJsonPatch(current, body) as KubeObject;
    } else {
      throw new KubeApiError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got "${mediaType}"; server-side apply is not supported by this test server)`,
      );
    }
    if (!patched || typeof patched !== 'object' || !patched.metadata) {
      throw errors.badRequest('the patch removed the object\'s metadata');
    }
    for (const field of ['name', 'namespace', 'uid'] as const) {
      if (patched.metadata[field] !== current.metadata[field]) {
        throw errors.invalid(type, name, `metadata.${field}`, 'FieldValueInvalid', 'field is immutable');
      }
    }
    const expectedRv = patched.metadata.resourceVersion as string | undefined;
    return this.store.update(type, this.merged(type, current, patched, sub), expectedRv);
  }

  /**
   * The object a write stores: writes to /status change only status; writes to the object
   * itself keep the current status for kinds that have a status subresource.
   */
  private merged(type: ResourceType, current: KubeObject, next: KubeObject, sub: string | undefined) {
    if (sub === 'status') return { ...current, status: next.status };
    const merged: KubeObject = {
      ...next,
      apiVersion: type.apiVersion,
      kind: type.kind,
      metadata: {
        ...next.metadata,
        name: current.metadata.name,
        namespace: current.metadata.namespace,
        uid: current.metadata.uid,
        creationTimestamp: current.metadata.creationTimestamp,
      },
    };
    if (type.subresources.includes('status')) {
      if (current.status === undefined) delete merged.status;
      else merged.status = current.status;
    }
    return merged;
  }

  delete(type: ResourceType, ns: string, name: string, options: unknown) {
    const terminating = this.graceful.begin(type, ns, name, options as never);
    if (terminating) return terminating;
    const preconditions = (options as { preconditions?: { resourceVersion?: string; uid?: string } })
      ?.preconditions;
    const deleted = this.deleteObject(type, ns, name, preconditions);
    if (type.kind === 'Pod' || type.kind === 'Namespace') return deleted;
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: {
        name,
        ...(type.group ? { group: type.group } : {}),
        kind: type.plural,
        uid: deleted.metadata.uid,
      },
    };
  }

  /** Deletes one object; a namespace takes everything in it along, a pod its logs. */
  deleteObject(
    type: ResourceType,
    ns: string,
    name: string,
    preconditions?: { resourceVersion?: string; uid?: string },
  ): KubeObject {
    if (type.kind === 'Namespace' && this.store.get(type, '', name)) {
      for (const other of this.store.registry.all()) {
        if (!other.namespaced) continue;
        for (const obj of this.store.list(other, name)) {
          this.deleteObject(other, name, obj.metadata.name);
        }
      }
    }
    if (type.kind === 'Pod') this.logs.deletePod(ns, name);
    return this.store.delete(type, ns, name, {
      rv: preconditions?.resourceVersion,
      uid: preconditions?.uid,
    });
  }

  async handleDeleteCollection(
    res: http.ServerResponse,
    url: URL,
    type: ResourceType,
    namespace: string | undefined,
  ) {
    rejectDryRun(url);
    const matches = requestMatcher(url, type);
    const deleted = this.store
      .list(type, namespace)
      .filter(matches)
      .map(obj => this.deleteObject(type, obj.metadata.namespace ?? '', obj.metadata.name));
    await streamList(
      res,
      type.listKind,
      type.apiVersion,
      { resourceVersion: String(this.store.rv) },
      deleted,
      0,
      deleted.length,
    );
  }
}
