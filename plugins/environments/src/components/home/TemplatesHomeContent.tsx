import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import { AsyncContent, couldNotLoad } from '@internal/frontend-kit';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';

/** The project templates, each a link to its form. */
export function TemplatesHomeContent() {
  const catalogApi = useApi(catalogApiRef);
  const templates = useAsyncRetry(
    async () =>
      (
        await catalogApi.getEntities({
          // Project templates only: the conda-store environment template is not a project.
          filter: { kind: 'template', 'spec.type': 'data-science-project' },
          fields: [
            'metadata.name',
            'metadata.namespace',
            'metadata.title',
            'metadata.description',
          ],
        })
      ).items,
    [catalogApi],
  );
  return (
    <AsyncContent
      state={templates}
      failureTitle={couldNotLoad('the templates from the catalog')}
    >
      {(items: Entity[]) =>
        items.length === 0 ? (
          <Typography variant="body2">
            No templates are registered: ask an admin to add the template
            locations to the catalog.
          </Typography>
        ) : (
          items.map(t => (
            <Box key={t.metadata.name} mb={1}>
              <Link
                to={`/create/templates/${t.metadata.namespace ?? 'default'}/${
                  t.metadata.name
                }`}
              >
                {t.metadata.title ?? t.metadata.name}
              </Link>
              {t.metadata.description && (
                <Typography
                  variant="body2"
                  color="textSecondary"
                  title={t.metadata.description}
                  style={{
                    display: '-webkit-box',
                    WebkitLineClamp: 2,
                    WebkitBoxOrient: 'vertical',
                    overflow: 'hidden',
                  }}
                >
                  {t.metadata.description}
                </Typography>
              )}
            </Box>
          ))
        )
      }
    </AsyncContent>
  );
}
