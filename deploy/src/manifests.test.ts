import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { execFileSync } from 'node:child_process';
import { buildKustomization, KubeObject } from './kustomize';

const REPO_ROOT = path.resolve(__dirname, '../..');
const BASE_DIR = path.join(REPO_ROOT, 'deploy/kustomize/base');
const OVERLAY_DIR = path.join(
  REPO_ROOT,
  'deploy/kustomize/overlays/production-example',
);

/**
 * Each object checked against its Kubernetes schema by kubernetes-models, in a Node
 * process of its own (see validateObjects.mjs for why).
 */
function validateAgainstSchemas(objects: KubeObject[]) {
  const output = execFileSync(
    process.execPath,
    [path.join(__dirname, 'validateObjects.mjs')],
    { input: JSON.stringify(objects), cwd: REPO_ROOT },
  );
  return JSON.parse(output.toString()) as Array<{
    name: string;
    error?: string;
  }>;
}

/** Environment variable names that hold secrets. */
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|KEY|POSTGRES_USER/;

const READ_ONLY_VERBS = ['get', 'list', 'watch'];

function find(objects: KubeObject[], kind: string, name: string): any {
  const found = objects.filter(
    object => object.kind === kind && object.metadata.name === name,
  );
  expect(found).toHaveLength(1);
  return found[0];
}

function container(objects: KubeObject[]): any {
  const deployment = find(objects, 'Deployment', 'atrium');
  return deployment.spec.template.spec.containers.find(
    (c: any) => c.name === 'atrium',
  );
}

/** The `${VARIABLES}` a config file reads. */
function configVariables(text: string): string[] {
  // Only values, not comments (which mention variables in prose).
  const values = text
    .split('\n')
    .map(line => line.replace(/(^|\s)#.*$/, ''))
    .join('\n');
  return [...new Set([...values.matchAll(/\$\{(\w+)\}/g)].map(m => m[1]))];
}

/** Where each environment variable of the portal container comes from. */
function environment(objects: KubeObject[]) {
  const atrium = container(objects);
  const envConfigMap = find(objects, 'ConfigMap', 'atrium-env');
  const fromConfigMap = Object.keys(envConfigMap.data);
  const fromSecrets = atrium.env
    .filter((e: any) => e.valueFrom?.secretKeyRef)
    .map((e: any) => e.name);
  const plain = atrium.env.filter((e: any) => e.value !== undefined);
  return { atrium, envConfigMap, fromConfigMap, fromSecrets, plain };
}

describe.each([
  ['base', BASE_DIR],
  ['production-example overlay', OVERLAY_DIR],
])('the %s', (_name, dir) => {
  const objects = buildKustomization(dir);

  it('builds only kinds whose Kubernetes schema the test knows, and every object is valid', () => {
    expect(objects.length).toBeGreaterThanOrEqual(9);
    const results = validateAgainstSchemas(objects);
    expect(results.map(r => r.name)).toEqual(
      objects.map(o => `${o.kind}/${o.metadata.name}`),
    );
    // Every object valid: no error for any (an error names the object and the field).
    expect(results.filter(r => r.error)).toEqual([]);
  });

  it('puts every namespaced object, and the service account binding, in one namespace', () => {
    const namespaced = objects.filter(o => !o.kind.startsWith('Cluster'));
    expect(new Set(namespaced.map(o => o.metadata.namespace))).toEqual(
      new Set(['atrium']),
    );
    const binding = find(
      objects,
      'ClusterRoleBinding',
      'atrium-cluster-reader',
    );
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'atrium', namespace: 'atrium' },
    ]);
    expect(binding.roleRef.name).toBe('atrium-cluster-reader');
    const deployment = find(objects, 'Deployment', 'atrium');
    expect(deployment.spec.template.spec.serviceAccountName).toBe('atrium');
    find(objects, 'ServiceAccount', 'atrium');
  });

  it('probes readiness and liveness on the backend health routes, on the container port', () => {
    const atrium = container(objects);
    expect(atrium.ports).toEqual([
      { name: 'http', containerPort: 7007, protocol: 'TCP' },
    ]);
    expect(atrium.readinessProbe.httpGet).toEqual({
      path: '/.backstage/health/v1/readiness',
      port: 'http',
    });
    expect(atrium.livenessProbe.httpGet).toEqual({
      path: '/.backstage/health/v1/liveness',
      port: 'http',
    });
    // A start that never becomes ready is restarted.
    expect(atrium.startupProbe.httpGet.path).toBe(
      '/.backstage/health/v1/readiness',
    );
  });

  it('runs as a non-root user on a read-only root filesystem, with a writable /tmp', () => {
    const deployment = find(objects, 'Deployment', 'atrium');
    const pod = deployment.spec.template.spec;
    const atrium = container(objects);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(atrium.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    const tmp = atrium.volumeMounts.find((m: any) => m.mountPath === '/tmp');
    expect(pod.volumes.find((v: any) => v.name === tmp.name)).toEqual({
      name: tmp.name,
      emptyDir: {},
    });
    expect(atrium.resources.requests).toEqual(
      expect.objectContaining({
        cpu: expect.any(String),
        memory: expect.any(String),
      }),
    );
    expect(atrium.resources.limits.memory).toBeDefined();
  });

  it('takes every secret from a secretKeyRef, never from a value or the ConfigMap', () => {
    const { atrium, envConfigMap, fromSecrets, plain } = environment(objects);
    expect(fromSecrets.length).toBeGreaterThanOrEqual(6);
    for (const variable of plain) {
      expect(variable.name).not.toMatch(SECRET_NAME);
    }
    const secretVariables = atrium.env.filter((e: any) =>
      SECRET_NAME.test(e.name),
    );
    expect(secretVariables.length).toBeGreaterThanOrEqual(6);
    for (const variable of secretVariables) {
      expect(variable.valueFrom?.secretKeyRef).toEqual(
        expect.objectContaining({
          name: expect.any(String),
          key: expect.any(String),
        }),
      );
    }
    for (const key of Object.keys(envConfigMap.data)) {
      expect(key).not.toMatch(SECRET_NAME);
    }
    expect(atrium.envFrom).toEqual([{ configMapRef: { name: 'atrium-env' } }]);
    expect(objects.some(o => o.kind === 'Secret')).toBe(false);
  });

  it('gives the portal every variable its config layers read: secrets from Secrets, the rest from the ConfigMap', () => {
    const { fromConfigMap, fromSecrets, plain } = environment(objects);
    const appConfig = find(objects, 'ConfigMap', 'atrium-app-config');
    const read = Object.values(
      appConfig.data as Record<string, string>,
    ).flatMap(configVariables);
    expect(read).toEqual(
      expect.arrayContaining([
        'ATRIUM_BASE_URL',
        'ATRIUM_HUB_TOKEN',
        'POSTGRES_PASSWORD',
      ]),
    );
    const provided = new Set([
      ...fromConfigMap,
      ...fromSecrets,
      ...plain.map((e: any) => e.name),
    ]);
    for (const variable of read) {
      expect({ variable, provided: provided.has(variable) }).toEqual({
        variable,
        provided: true,
      });
    }
    const secretsRead = read.filter(variable => SECRET_NAME.test(variable));
    expect(secretsRead.length).toBeGreaterThanOrEqual(5);
    expect(fromSecrets).toEqual(expect.arrayContaining(secretsRead));
  });

  it('mounts the config layers and starts the backend with them', () => {
    const atrium = container(objects);
    const deployment = find(objects, 'Deployment', 'atrium');
    const configMount = atrium.volumeMounts.find(
      (m: any) => m.mountPath === '/etc/atrium',
    );
    expect(
      deployment.spec.template.spec.volumes.find(
        (v: any) => v.name === configMount.name,
      ).configMap.name,
    ).toBe('atrium-app-config');
    const appConfig = find(objects, 'ConfigMap', 'atrium-app-config');
    const layers = atrium.command
      .filter((_: string, i: number) => atrium.command[i - 1] === '--config')
      .filter((file: string) => file.startsWith('/etc/atrium/'))
      .map((file: string) => path.basename(file));
    expect(layers).toEqual(Object.keys(appConfig.data));
    expect(atrium.command.slice(0, 6)).toEqual([
      'node',
      // The portal's OpenTelemetry set-up, as the image's CMD loads it.
      '--require',
      './instrumentation.js',
      'packages/backend',
      '--config',
      'app-config.yaml',
    ]);
    for (const text of Object.values(
      appConfig.data as Record<string, string>,
    )) {
      expect(() => parse(text)).not.toThrow();
    }
  });

  it('routes the Service to the pods and the Ingress to the Service, and keeps one pod through disruptions', () => {
    const deployment = find(objects, 'Deployment', 'atrium');
    const podLabels = deployment.spec.template.metadata.labels;
    expect(deployment.spec.selector.matchLabels).toEqual(
      expect.objectContaining({ 'app.kubernetes.io/name': 'atrium' }),
    );
    const service = find(objects, 'Service', 'atrium');
    expect(podLabels).toEqual(expect.objectContaining(service.spec.selector));
    expect(service.spec.ports[0].targetPort).toBe(
      container(objects).ports[0].name,
    );
    const ingress = find(objects, 'Ingress', 'atrium');
    for (const rule of ingress.spec.rules) {
      expect(rule.http.paths[0].backend.service).toEqual({
        name: 'atrium',
        port: { name: service.spec.ports[0].name },
      });
    }
    const pdb = find(objects, 'PodDisruptionBudget', 'atrium');
    expect(pdb.spec.minAvailable).toBe(1);
    expect(podLabels).toEqual(
      expect.objectContaining(pdb.spec.selector.matchLabels),
    );
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
  });

  it('serves the Ingress host that ATRIUM_BASE_URL names', () => {
    const { envConfigMap } = environment(objects);
    const ingress = find(objects, 'Ingress', 'atrium');
    const host = new URL(envConfigMap.data.ATRIUM_BASE_URL).host;
    expect(ingress.spec.rules.map((r: any) => r.host)).toEqual([host]);
    expect(ingress.spec.tls[0].hosts).toEqual([host]);
  });

  it('lets the service account only read the cluster, and never secrets or configmaps', () => {
    const role = find(objects, 'ClusterRole', 'atrium-cluster-reader');
    for (const rule of role.rules) {
      expect(READ_ONLY_VERBS).toEqual(expect.arrayContaining(rule.verbs));
      expect(rule.resources).not.toContain('secrets');
      expect(rule.resources).not.toContain('configmaps');
      expect(rule.resources).not.toContain('*');
      expect(rule.apiGroups).not.toContain('*');
      expect(rule.nonResourceURLs).toBeUndefined();
    }
    const granted = role.rules.flatMap((rule: any) =>
      rule.apiGroups.flatMap((group: string) =>
        rule.resources.map((resource: string) => `${group}/${resource}`),
      ),
    );
    expect(granted).toEqual(
      expect.arrayContaining([
        '/nodes',
        '/pods',
        '/pods/log',
        '/events',
        '/namespaces',
        'metrics.k8s.io/nodes',
        'metrics.k8s.io/pods',
      ]),
    );
    const metrics = role.rules.find((r: any) =>
      r.apiGroups.includes('metrics.k8s.io'),
    );
    expect(metrics.verbs).toEqual(['get', 'list']);
  });
});

describe('the manifests and the production config agree', () => {
  const base = buildKustomization(BASE_DIR);

  it('ships an exact copy of the repository root app-config.production.yaml', () => {
    const appConfig = find(base, 'ConfigMap', 'atrium-app-config');
    expect(appConfig.data['app-config.production.yaml']).toBe(
      fs.readFileSync(
        path.join(REPO_ROOT, 'app-config.production.yaml'),
        'utf8',
      ),
    );
  });

  it('grants read access to every object type the Kubernetes tab fetches in production', () => {
    const production = parse(
      fs.readFileSync(
        path.join(REPO_ROOT, 'app-config.production.yaml'),
        'utf8',
      ),
    );
    // Backstage's object type names -> API group (kubernetes-backend's ALL_OBJECTS).
    const groupOf: Record<string, string> = {
      pods: '',
      services: '',
      configmaps: '',
      limitranges: '',
      resourcequotas: '',
      deployments: 'apps',
      replicasets: 'apps',
      statefulsets: 'apps',
      daemonsets: 'apps',
      horizontalpodautoscalers: 'autoscaling',
      jobs: 'batch',
      cronjobs: 'batch',
      ingresses: 'networking.k8s.io',
    };
    const objectTypes: string[] = production.kubernetes.objectTypes;
    expect(objectTypes).not.toContain('configmaps');
    expect(objectTypes).not.toContain('secrets');
    const role = find(base, 'ClusterRole', 'atrium-cluster-reader');
    for (const objectType of objectTypes) {
      expect(Object.keys(groupOf)).toContain(objectType);
      const rule = role.rules.find(
        (r: any) =>
          r.apiGroups.includes(groupOf[objectType]) &&
          r.resources.includes(objectType),
      );
      expect({ objectType, verbs: rule?.verbs }).toEqual({
        objectType,
        verbs: expect.arrayContaining(['get', 'list']),
      });
    }
  });
});

describe('the production-example overlay', () => {
  const objects = buildKustomization(OVERLAY_DIR);

  it('sets the image, the replica count, the database and the public host', () => {
    const deployment = find(objects, 'Deployment', 'atrium');
    expect(deployment.spec.replicas).toBe(3);
    expect(container(objects).image).toBe(
      'registry.example.org/platform/atrium:1.0.0',
    );
    const { envConfigMap, atrium } = environment(objects);
    expect(envConfigMap.data).toMatchObject({
      POSTGRES_HOST: 'atrium-db.postgres.database.example.com',
      POSTGRES_PORT: '6432',
      ATRIUM_BASE_URL: 'https://portal.data.example.com',
    });
    // The patch replaced the database Secret and kept every other variable.
    const byName = Object.fromEntries(atrium.env.map((e: any) => [e.name, e]));
    expect(byName.POSTGRES_USER.valueFrom.secretKeyRef).toEqual({
      name: 'atrium-db-credentials',
      key: 'user',
    });
    expect(byName.POSTGRES_PASSWORD.valueFrom.secretKeyRef.name).toBe(
      'atrium-db-credentials',
    );
    const baseEnv = container(buildKustomization(BASE_DIR)).env.map(
      (e: any) => e.name,
    );
    expect(atrium.env.map((e: any) => e.name)).toEqual(baseEnv);
  });

  it('replaces the data emptyDir with the shared claim, which it also creates', () => {
    const deployment = find(objects, 'Deployment', 'atrium');
    const data = deployment.spec.template.spec.volumes.find(
      (v: any) => v.name === 'data',
    );
    expect(data).toEqual({
      name: 'data',
      persistentVolumeClaim: { claimName: 'atrium-data' },
    });
    const claim = find(objects, 'PersistentVolumeClaim', 'atrium-data');
    expect(claim.spec.accessModes).toEqual(['ReadWriteMany']);
  });

  it('adds a site layer with the actual cost sources, and leaves the production layer as it is', () => {
    const appConfig = find(objects, 'ConfigMap', 'atrium-app-config');
    const site = parse(appConfig.data['app-config.site.yaml']);
    expect(site.costs.opencost.url).toMatch(/^http/);
    expect(site.costs.aws.accessKeyId).toBe('${AWS_ACCESS_KEY_ID}');
    expect(appConfig.data['app-config.production.yaml']).toBe(
      fs.readFileSync(
        path.join(REPO_ROOT, 'app-config.production.yaml'),
        'utf8',
      ),
    );
  });
});

describe('the Kustomize subset', () => {
  function kustomization(files: Record<string, string>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-kustomize-'));
    for (const [name, text] of Object.entries(files)) {
      fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
  }

  it('refuses kustomization features it does not implement, instead of building something else', () => {
    const dir = kustomization({
      'kustomization.yaml': 'resources: []\ncommonLabels: {team: x}\n',
    });
    expect(() => buildKustomization(dir)).toThrow(
      /commonLabels not implemented by this Kustomize subset/,
    );
    const hashed = kustomization({
      'kustomization.yaml':
        'configMapGenerator:\n  - name: c\n    files: [a.txt]\n',
      'a.txt': 'x',
    });
    expect(() => buildKustomization(hashed)).toThrow(/disableNameSuffixHash/);
  });

  it('refuses a patch whose list merge it does not implement, and one that matches nothing', () => {
    const service =
      'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80}]\n';
    const dir = kustomization({
      'kustomization.yaml':
        'resources: [service.yaml]\npatches: [{path: patch.yaml}]\n',
      'service.yaml': service,
      'patch.yaml':
        'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 81}]\n',
    });
    expect(() => buildKustomization(dir)).toThrow(
      /merging the list at spec.ports is not implemented/,
    );
    const missing = kustomization({
      'kustomization.yaml':
        'resources: [service.yaml]\npatches: [{path: patch.yaml}]\n',
      'service.yaml': service,
      'patch.yaml':
        'apiVersion: v1\nkind: Service\nmetadata: {name: other}\nspec: {type: NodePort}\n',
    });
    expect(() => buildKustomization(missing)).toThrow(/matches 0 objects/);
  });

  it('merges containers, env and volumes by their keys, and deletes fields set to null', () => {
    const dir = kustomization({
      'kustomization.yaml':
        'namespace: n\nresources: [d.yaml]\npatches: [{path: p.yaml}]\nimages: [{name: app, newName: r.example/app, newTag: "2"}]\nreplicas: [{name: d, count: 4}]\n',
      'd.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  replicas: 1
  selector: {matchLabels: {a: b}}
  template:
    metadata: {labels: {a: b}}
    spec:
      containers:
        - name: c
          image: app
          env: [{name: A, value: '1'}, {name: B, value: '2'}]
      volumes: [{name: v, emptyDir: {}}]
`,
      'p.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers:
        - name: c
          env: [{name: B, value: '3'}, {name: C, value: '4'}]
      volumes: [{name: v, emptyDir: null, persistentVolumeClaim: {claimName: pvc}}]
`,
    });
    const [deployment] = buildKustomization(dir) as any[];
    expect(deployment.metadata.namespace).toBe('n');
    expect(deployment.spec.replicas).toBe(4);
    const [c] = deployment.spec.template.spec.containers;
    expect(c.image).toBe('r.example/app:2');
    expect(c.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '3' },
      { name: 'C', value: '4' },
    ]);
    expect(deployment.spec.template.spec.volumes).toEqual([
      { name: 'v', persistentVolumeClaim: { claimName: 'pvc' } },
    ]);
  });
});
