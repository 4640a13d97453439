import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogLocationsExtensionPoint,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import {
  LOCAL_GIT_LOCATION_TYPE,
  LocalGitRepositories,
} from '@internal/local-git';
import { LocalGitLocationProcessor } from './LocalGitLocationProcessor';

/**
 * Lets the catalog read projects published to the local git store: adds the
 * `atrium-git` location type (registrable through the locations API, besides `url`).
 *
 * @public
 */
export const catalogModuleAtriumLocalGit = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'atrium-local-git',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        processing: catalogProcessingExtensionPoint,
        locations: catalogLocationsExtensionPoint,
      },
      async init({ config, processing, locations }) {
        processing.addProcessor(
          new LocalGitLocationProcessor(
            LocalGitRepositories.fromConfig(config),
          ),
        );
        // The catalog's default is ['url']; this setter replaces the list, so it keeps
        // 'url' and adds only the type whose reads stay inside the git root.
        locations.setAllowedLocationTypes(['url', LOCAL_GIT_LOCATION_TYPE]);
      },
    });
  },
});
