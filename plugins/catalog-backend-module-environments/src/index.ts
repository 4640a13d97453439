/**
 * Validates Atrium's curated conda environments in the catalog and reports an invalid
 * one as processing errors of the entity.
 *
 * @packageDocumentation
 */
export { catalogModuleEnvironments as default } from './module';
export { CondaEnvironmentProcessor } from './CondaEnvironmentProcessor';
