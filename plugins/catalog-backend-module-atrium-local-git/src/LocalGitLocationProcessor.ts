import { NotFoundError } from '@backstage/errors';
import {
  processingResult,
  type CatalogProcessor,
  type CatalogProcessorEmit,
  type CatalogProcessorParser,
  type LocationSpec,
} from '@backstage/plugin-catalog-node';
import {
  CATALOG_INFO_FILE,
  LOCAL_GIT_LOCATION_TYPE,
  type LocalGitRepositories,
} from '@internal/local-git';

/**
 * Reads `atrium-git` locations straight from the bare repositories. Only repositories
 * under the configured root can be read: registering such a location cannot expose
 * other files of the machine (which a `file` location type would).
 */
export class LocalGitLocationProcessor implements CatalogProcessor {
  constructor(private readonly repositories: LocalGitRepositories) {}

  getProcessorName(): string {
    return 'AtriumLocalGitLocationProcessor';
  }

  async readLocation(
    location: LocationSpec,
    optional: boolean,
    emit: CatalogProcessorEmit,
    parser: CatalogProcessorParser,
  ): Promise<boolean> {
    if (location.type !== LOCAL_GIT_LOCATION_TYPE) return false;
    let data: Buffer;
    try {
      const repo = this.repositories.repositoryFromUrl(location.target);
      data = await this.repositories.readFile(repo, CATALOG_INFO_FILE);
    } catch (error) {
      if (error instanceof NotFoundError) {
        if (!optional) {
          emit(processingResult.notFoundError(location, error.message));
        }
      } else {
        emit(
          processingResult.generalError(
            location,
            `${location.target} could not be read: ${(error as Error).message}`,
          ),
        );
      }
      return true;
    }
    for await (const result of parser({ data, location })) {
      emit(result);
    }
    return true;
  }
}
