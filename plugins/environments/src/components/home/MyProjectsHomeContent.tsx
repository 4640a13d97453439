import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import { AsyncContent, couldNotLoad } from '@internal/frontend-kit';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import {
  catalogApiRef,
  EntityRefLink,
  type CatalogApi,
} from '@backstage/plugin-catalog-react';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import {
  DATA_SCIENCE_PROJECT_TYPE,
  ENVIRONMENT_ANNOTATION,
} from '@internal/plugin-environments-common';
import {
  environmentNameOf,
  loadEnvironmentVersions,
  newerProductionVersion,
  normalizeRef,
  type EnvironmentVersion,
} from '../environmentData';

interface ProjectRow {
  project: Entity;
  pinned?: EnvironmentVersion;
  newer?: EnvironmentVersion;
}

/** The caller's data-science projects (theirs or their groups'), newest environment first. */
async function loadMyProjects(
  catalogApi: CatalogApi,
  ownershipRefs: string[],
): Promise<ProjectRow[]> {
  const { items } = await catalogApi.getEntities({
    filter: {
      kind: 'component',
      'spec.type': DATA_SCIENCE_PROJECT_TYPE,
      'spec.owner': ownershipRefs,
    },
  });
  const versionsByName = new Map<string, Promise<EnvironmentVersion[]>>();
  return Promise.all(
    items.map(async project => {
      const ref = project.metadata.annotations?.[ENVIRONMENT_ANNOTATION];
      if (!ref) return { project };
      const entity = await catalogApi.getEntityByRef(ref);
      const name = entity ? environmentNameOf(entity) : undefined;
      if (!name) return { project };
      if (!versionsByName.has(name)) {
        versionsByName.set(name, loadEnvironmentVersions(catalogApi, name));
      }
      const versions = await versionsByName.get(name)!;
      const pinned = versions.find(v => v.ref === normalizeRef(ref));
      return {
        project,
        pinned,
        newer: pinned ? newerProductionVersion(versions, pinned) : undefined,
      };
    }),
  );
}

/** My projects, each with its environment version and whether a newer one exists. */
export function MyProjectsHomeContent() {
  const catalogApi = useApi(catalogApiRef);
  const identityApi = useApi(identityApiRef);
  const rows = useAsyncRetry(async () => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    return loadMyProjects(catalogApi, ownershipEntityRefs);
  }, [catalogApi, identityApi]);

  return (
    <AsyncContent
      state={rows}
      failureTitle={couldNotLoad('your projects from the catalog')}
    >
      {list =>
        list.length === 0 ? (
          <Typography variant="body2">
            Neither you nor your teams own a project yet.{' '}
            {/* Underlined: inside a sentence colour alone would not mark it. */}
            <Link to="/create" underline="always">
              Start one from a template
            </Link>
            .
          </Typography>
        ) : (
          list.map(({ project, pinned, newer }) => (
            <Box key={stringifyEntityRef(project)} mb={1}>
              <EntityRefLink
                entityRef={project}
                title={project.metadata.title ?? project.metadata.name}
              />
              <Typography variant="body2" color="textSecondary" component="div">
                {pinned
                  ? `${
                      pinned.entity.metadata.title ??
                      pinned.entity.metadata.name
                    } `
                  : 'no pinned environment '}
                {newer && (
                  <Chip
                    size="small"
                    color="secondary"
                    label={`${newer.version} available`}
                  />
                )}
              </Typography>
            </Box>
          ))
        )
      }
    </AsyncContent>
  );
}
