import { Entity } from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  isCondaEnvironmentEntity,
  validateEnvironmentEntity,
} from '@internal/plugin-environments-common';

/**
 * Checks every curated conda environment (a Resource of `spec.type:
 * conda-environment`): `spec.environment` well formed, name and labels matching its
 * name and version, lifecycle production or deprecated, every dependency pinned to
 * one exact version.
 *
 * Each problem is emitted as its own InputError, which makes it a processing error of
 * the entity: the catalog keeps serving the last valid version of the entity with the
 * errors in `status.items` (the entity page's "processing errors" panel), refuses a new
 * invalid one, and publishes the errors on the catalog's error topic (logged by
 * `catalog-backend-module-logs`). Emitting, rather than throwing, keeps each message
 * as written instead of under "Processor … threw an error".
 *
 * @public
 */
export class CondaEnvironmentProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'CondaEnvironmentProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (isCondaEnvironmentEntity(entity)) {
      for (const problem of validateEnvironmentEntity(entity)) {
        emit(processingResult.inputError(location, problem));
      }
    }
    return entity;
  }
}
