/**
 * Atrium's permission policy, as a module of the permission backend.
 *
 * @packageDocumentation
 */
export { atriumPolicyModule as default } from './module';
export { AtriumPermissionPolicy } from './AtriumPermissionPolicy';
