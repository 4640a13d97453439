/*
 * A backend with only Backstage's Kubernetes plugin (and an in-memory catalog holding
 * conda-store), for kubernetesBackend.test.ts. It runs as its own process: the plugin
 * loads @kubernetes/client-node (ESM) with import(), which jest cannot do without
 * --experimental-vm-modules. Config comes from --config like any backend.
 */
import { createBackend } from '@backstage/backend-defaults';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

const backend = createBackend();
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(
  catalogServiceMock.factory({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'conda-store',
          namespace: 'default',
          annotations: { 'backstage.io/kubernetes-id': 'conda-store' },
        },
        spec: { type: 'service', owner: 'group:default/platform-ops' },
      },
    ],
  }),
);
backend.start();
