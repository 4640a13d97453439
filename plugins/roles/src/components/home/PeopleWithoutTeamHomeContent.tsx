import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { AsyncContent, couldNotLoad } from '@internal/frontend-kit';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import { RELATION_MEMBER_OF, type Entity } from '@backstage/catalog-model';

/** Catalog users who belong to no group: they get no team's budget, quota or data. */
export function PeopleWithoutTeamHomeContent() {
  const catalogApi = useApi(catalogApiRef);
  const people = useAsyncRetry(
    async () =>
      (
        await catalogApi.getEntities({
          filter: { kind: 'user' },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'spec.profile',
            'relations',
          ],
        })
      ).items.filter(
        user =>
          !(user.relations ?? []).some(r => r.type === RELATION_MEMBER_OF),
      ),
    [catalogApi],
  );
  return (
    <AsyncContent
      state={people}
      failureTitle={couldNotLoad('the people from the catalog')}
    >
      {(items: Entity[]) =>
        items.length === 0 ? (
          <Typography variant="body2">Everyone belongs to a team.</Typography>
        ) : (
          items.map(user => (
            <Box key={user.metadata.name}>
              <EntityRefLink entityRef={user} />
            </Box>
          ))
        )
      }
    </AsyncContent>
  );
}
