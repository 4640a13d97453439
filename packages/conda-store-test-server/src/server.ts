/*
 * The routes of conda-store-server 2025.2.x that Atrium calls, answered as
 * `_internal/server/views/api.py` (v1) and `api_v2.py` (v2 environment list) answer
 * them: `paginated_api_response` ({status, data, page, size, count}; `page`/`size`
 * query, size capped at `max_page_size`, `sort_by`/`order`), the v2 cursor ({status,
 * data, cursor, count}, `Cursor.dump()` base64 JSON), HTTPException bodies as the app's
 * exception handler renders them ({"status": "error", "message": detail}), FastAPI's 422
 * ({"detail": [...]}) for a query parameter of the wrong type, logs and lockfiles as a
 * 307 redirect to the storage URL (`RedirectResponse(storage.get_url(key))`).
 */
import http from 'node:http';
import { parse as parseYaml } from 'yaml';
import { Authorization } from './auth';
import { CondaStoreState } from './store';
import {
  cursorPage,
  fail,
  HttpError,
  intParam,
  ok,
  paginatedResponse,
  readJson,
} from './responses';
import type {
  CondaStoreBuild,
  CondaStoreSpecification,
  CondaStoreToken,
} from './types';

export interface Faults {
  /** When set, every API request answers this (a proxy or gateway in front). */
  respond?: { status: number; body: unknown };
}

export class CondaStoreHttp {
  readonly server: http.Server;
  readonly faults: Faults = {};
  private readonly auth: Authorization;

  constructor(
    private readonly state: CondaStoreState,
    tokens: Record<string, CondaStoreToken>,
    private readonly options: { urlPrefix: string; maxPageSize: number },
  ) {
    this.auth = new Authorization(tokens);
    this.server = http.createServer((req, res) => {
      this.handle(req).then(
        ({ status, body, headers }) => {
          const text = typeof body === 'string' ? body : JSON.stringify(body);
          res.writeHead(status, {
            'content-type':
              typeof body === 'string'
                ? 'text/plain; charset=utf-8'
                : 'application/json',
            ...headers,
          });
          res.end(text);
        },
        error => {
          const known = error instanceof HttpError;
          res.writeHead(known ? error.status : 500, {
            'content-type': 'application/json',
          });
          res.end(
            JSON.stringify(known ? error.body : { detail: String(error) }),
          );
        },
      );
    });
  }

  private async handle(req: http.IncomingMessage): Promise<{
    status: number;
    body: unknown;
    headers?: Record<string, string>;
  }> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const prefix = this.options.urlPrefix;
    if (!url.pathname.startsWith(`${prefix}/`))
      throw new HttpError(404, { detail: 'Not Found' });
    const path = url.pathname.slice(prefix.length);
    // Storage stands for S3 or the local storage: presigned, so no token.
    const stored = /^\/storage\/(logs|lockfile)\/(\d+)\.(log|yml)$/.exec(path);
    if (stored) {
      const build = this.state.builds.get(Number(stored[2]));
      if (!build) throw new HttpError(404, { detail: 'Not Found' });
      const text =
        stored[1] === 'logs'
          ? this.state.logOf(build)
          : this.state.lockfileOf(build);
      return { status: 200, body: text };
    }
    if (this.faults.respond) return this.faults.respond;
    const entity = this.auth.entity(req.headers);
    const method = req.method ?? 'GET';
    const q = url.searchParams;
    const namespaceRoute = /^\/api\/v1\/namespace\/([^/]+)\/$/.exec(path);
    const environmentRoute =
      /^\/api\/v1\/environment\/([^/]+)\/([^/]+)\/$/.exec(path);
    const buildRoute =
      /^\/api\/v1\/build\/(\d+)\/(packages\/|logs\/|lockfile\/)?$/.exec(path);

    if (method === 'GET' && path === '/api/v1/') {
      return ok({ status: 'ok', data: { version: '2025.2.3-dev' } });
    }
    if (method === 'GET' && path === '/api/v1/permission/') {
      return ok({
        status: 'ok',
        data: {
          authenticated: entity !== undefined,
          primary_namespace: entity?.primary_namespace ?? 'default',
          entity_permissions: this.auth.permissionsOf(entity),
          entity_roles: this.auth.bindings(entity),
          expiration: entity ? '2027-12-31T00:00:00' : null,
        },
        message: null,
      });
    }
    if (method === 'GET' && path === '/api/v1/namespace/') {
      const visible = [...this.state.namespaces.values()]
        .filter(n => this.auth.allows(entity, `${n.name}/*`, 'namespace::read'))
        .sort((a, b) => a.name.localeCompare(b.name));
      return ok(paginatedResponse(this.options.maxPageSize, visible, q, {}));
    }
    if (method === 'GET' && namespaceRoute) {
      const m = namespaceRoute;
      this.require(entity, `${m[1]}/*`, 'namespace::read');
      const namespace = this.state.namespaces.get(m[1]);
      if (!namespace) throw fail(404, 'namespace does not exist');
      return ok({
        status: 'ok',
        data: { ...namespace, metadata_: {}, role_mappings: [] },
        message: null,
      });
    }
    if (
      method === 'GET' &&
      (path === '/api/v2/environment/' || path === '/api/v1/environment/')
    ) {
      const environments = [...this.state.environments.values()]
        .filter(e =>
          this.auth.allows(
            entity,
            `${e.namespace.name}/${e.name}`,
            'environment::read',
          ),
        )
        .filter(
          e => !q.get('namespace') || e.namespace.name === q.get('namespace'),
        )
        .filter(e => !q.get('name') || e.name === q.get('name'))
        .sort(
          (a, b) =>
            a.namespace.name.localeCompare(b.namespace.name) ||
            a.name.localeCompare(b.name) ||
            a.id - b.id,
        );
      if (path === '/api/v1/environment/') {
        // Deprecated since 2025.2 with a sunset of 2025-03-17; still served.
        return {
          ...ok(
            paginatedResponse(this.options.maxPageSize, environments, q, {}),
          ),
          headers: {
            deprecation: 'True',
            sunset: 'Mon, 17 Mar 2025 00:00:00 UTC',
          },
        };
      }
      return ok(cursorPage(this.options.maxPageSize, environments, q));
    }
    if (method === 'GET' && environmentRoute) {
      const m = environmentRoute;
      this.require(entity, `${m[1]}/${m[2]}`, 'environment::read');
      const environment = this.state.environments.get(`${m[1]}/${m[2]}`);
      if (!environment) throw fail(404, 'environment does not exist');
      return ok({ status: 'ok', data: environment, message: null });
    }
    if (method === 'POST' && path === '/api/v1/specification/') {
      return ok(this.postSpecification(entity, await readJson(req)));
    }
    if (method === 'GET' && path === '/api/v1/build/') {
      const status = q.get('status');
      if (
        status &&
        !['QUEUED', 'BUILDING', 'COMPLETED', 'FAILED', 'CANCELED'].includes(
          status,
        )
      ) {
        throw new HttpError(422, {
          detail: [
            {
              type: 'enum',
              loc: ['query', 'status'],
              msg: "Input should be 'QUEUED', 'BUILDING', 'COMPLETED', 'FAILED' or 'CANCELED'",
              input: status,
            },
          ],
        });
      }
      const environmentId = intParam(q, 'environment_id');
      const namespace = q.get('namespace');
      const name = q.get('name');
      // auth.filter_builds and the filters, decided once per environment.
      const shown = new Map<number, boolean>();
      const environmentShown = (id: number) => {
        let decided = shown.get(id);
        if (decided === undefined) {
          const e = this.state.environmentById(id);
          decided =
            e !== undefined &&
            this.auth.allows(
              entity,
              `${e.namespace.name}/${e.name}`,
              'environment::read',
            ) &&
            (environmentId === undefined || id === environmentId) &&
            (!namespace || e.namespace.name === namespace) &&
            (!name || e.name === name);
          shown.set(id, decided);
        }
        return decided;
      };
      const builds = [...this.state.builds.values()].filter(
        b =>
          !(b as { deleted?: boolean }).deleted &&
          (!status || b.status === status) &&
          environmentShown(b.environment_id),
      );
      return ok(
        paginatedResponse(
          this.options.maxPageSize,
          builds,
          q,
          {
            id: 'id',
            started_on: 'started_on',
            scheduled_on: 'scheduled_on',
            ended_on: 'ended_on',
          },
          'id',
          listedBuild,
        ),
      );
    }
    if (buildRoute) {
      const m = buildRoute;
      const build = this.state.builds.get(Number(m[1]));
      const environment =
        build && this.state.environmentById(build.environment_id);
      if (!build || !environment) throw fail(404, 'build id does not exist');
      const arn = `${environment.namespace.name}/${environment.name}`;
      if (method === 'PUT' && !m[2]) {
        this.require(entity, arn, 'environment::update');
        const rebuilt = this.state.register(
          environment.namespace.name,
          build.specification!.spec,
        );
        return ok({
          status: 'ok',
          message: 'rebuild triggered',
          data: { build_id: rebuilt.id },
        });
      }
      if (method === 'DELETE' && !m[2]) {
        this.require(entity, arn, 'build::delete');
        const refused = this.state.deleteBuild(build);
        if (refused) throw fail(400, refused);
        return ok({ status: 'ok' });
      }
      if (method !== 'GET')
        throw new HttpError(405, { detail: 'Method Not Allowed' });
      this.require(entity, arn, 'environment::read');
      if (!m[2]) {
        const {
          packages,
          log,
          lockfile,
          deleted: _deleted,
          ...shown
        } = build as unknown as Record<string, unknown>;
        return ok({
          status: 'ok',
          data: { build_artifacts: null, ...shown },
          message: null,
        });
      }
      if (m[2] === 'packages/')
        return ok(
          paginatedResponse(
            this.options.maxPageSize,
            this.state.buildPackages(build),
            q,
            {},
          ),
        );
      const key =
        m[2] === 'logs/' ? `logs/${build.id}.log` : `lockfile/${build.id}.yml`;
      return {
        status: 307,
        body: '',
        headers: { location: `${prefix}/storage/${key}` },
      };
    }
    if (method === 'GET' && path === '/api/v1/usage/') {
      const data: Record<
        string,
        { num_environments: number; num_builds: number; storage: number }
      > = {};
      for (const namespace of this.state.namespaces.values()) {
        if (!this.auth.allows(entity, `${namespace.name}/*`, 'namespace::read'))
          continue;
        data[namespace.name] = {
          num_environments: 0,
          num_builds: 0,
          storage: 0,
        };
      }
      for (const environment of this.state.environments.values()) {
        const row = data[environment.namespace.name];
        if (row) row.num_environments += 1;
      }
      for (const build of this.state.builds.values()) {
        const namespace = this.state.environmentById(build.environment_id)
          ?.namespace.name;
        const row = namespace ? data[namespace] : undefined;
        if (row) {
          row.num_builds += 1;
          row.storage += build.size;
        }
      }
      return ok({ status: 'ok', data, message: null });
    }
    throw new HttpError(404, { detail: 'Not Found' });
  }

  private require(
    entity: CondaStoreToken | undefined,
    arn: string,
    permission: Parameters<Authorization['allows']>[2],
  ) {
    if (!this.auth.allows(entity, arn, permission))
      throw fail(403, 'request not authorized');
  }

  private postSpecification(
    entity: CondaStoreToken | undefined,
    body: Record<string, unknown>,
  ) {
    const namespaceName =
      typeof body.namespace === 'string' && body.namespace
        ? body.namespace
        : entity?.primary_namespace ?? 'default';
    let spec: CondaStoreSpecification['spec'];
    try {
      spec = parseYaml(String(body.specification ?? ''));
    } catch {
      throw fail(400, 'Unable to parse. Invalid YAML');
    }
    const allowed = /^[A-Za-z0-9-+_@$&?^~.=]+$/;
    if (
      !spec ||
      typeof spec !== 'object' ||
      typeof spec.name !== 'string' ||
      !allowed.test(spec.name)
    ) {
      // CondaSpecification.model_validate's summary, joined with newlines.
      throw fail(
        400,
        `String should match pattern '^[A-Za-z0-9-+_@$&?^~.=]+$' (type=string_pattern_mismatch, loc=('name',))`,
      );
    }
    const permission = this.state.namespaces.has(namespaceName)
      ? 'environment:create'
      : 'namespace::create';
    this.require(entity, `${namespaceName}/${spec.name}`, 'environment:create');
    if (permission === 'namespace::create')
      this.require(
        entity,
        `${namespaceName}/${spec.name}`,
        'namespace::create',
      );
    const build = this.state.register(namespaceName, {
      name: spec.name,
      channels: spec.channels ?? [],
      dependencies: spec.dependencies ?? [],
      description: spec.description ?? '',
    });
    return { status: 'ok', data: { build_id: build.id }, message: null };
  }
}

// The list leaves out specification, packages and build_artifacts.
function listedBuild(build: CondaStoreBuild) {
  const { specification, packages, log, lockfile, build_artifacts, ...shown } =
    build as unknown as Record<string, unknown>;
  return shown;
}
