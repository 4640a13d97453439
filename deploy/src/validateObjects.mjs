// Validates Kubernetes objects (JSON array on stdin) against the Kubernetes schemas of
// kubernetes-models, printing one result per object as JSON. It runs as its own Node
// process because kubernetes-models 5 is ESM-only ("exports" with only the "import"
// condition): Node loads it natively, while Jest's CommonJS runtime, when it runs every
// package's tests together, did not resolve it even with a custom resolver.
import { Deployment } from 'kubernetes-models/apps/v1';
import {
  ConfigMap,
  PersistentVolumeClaim,
  Service,
  ServiceAccount,
} from 'kubernetes-models/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import {
  ClusterRole,
  ClusterRoleBinding,
} from 'kubernetes-models/rbac.authorization.k8s.io/v1';

/** The schema-checked model of each kind the manifests may contain. */
const MODELS = {
  'apps/v1/Deployment': Deployment,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'networking.k8s.io/v1/Ingress': Ingress,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'rbac.authorization.k8s.io/v1/ClusterRole': ClusterRole,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ClusterRoleBinding,
};

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = JSON.parse(input).map(object => {
  const name = `${object.kind}/${object.metadata?.name}`;
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model) return { name, error: 'no Kubernetes schema known for this kind' };
  try {
    new Model(object).validate();
    return { name };
  } catch (error) {
    return { name, error: String(error?.message ?? error) };
  }
});
process.stdout.write(JSON.stringify(results));
