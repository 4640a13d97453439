/**
 * Atrium's production deployment: the Kustomize subset the manifest tests build with.
 *
 * @packageDocumentation
 */
export {
  buildKustomization,
  SUPPORTED_KUSTOMIZATION_FIELDS,
} from './kustomize';
export type { KubeObject } from './kustomize';
