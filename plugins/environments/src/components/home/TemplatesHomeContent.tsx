import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { Link, Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import type { ReactNode } from 'react';

/** A catalog load: a spinner, then the content or what went wrong and a retry. */
function CatalogLoad<T>(props: {
  what: string;
  state: { error?: Error; value?: T; retry: () => void };
  children: (value: T) => ReactNode;
}) {
  const { what, state, children } = props;
  if (state.error) {
    return (
      <WarningPanel
        severity="error"
        title={`Could not load ${what} from the catalog: ${state.error.message}`}
      >
        <Button size="small" variant="outlined" onClick={state.retry}>
          Retry
        </Button>
      </WarningPanel>
    );
  }
  if (state.value === undefined) return <Progress />;
  return <>{children(state.value)}</>;
}

/** The project templates, each a link to its form. */
export function TemplatesHomeContent() {
  const catalogApi = useApi(catalogApiRef);
  const templates = useAsyncRetry(
    async () =>
      (
        await catalogApi.getEntities({
          filter: { kind: 'template' },
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
    <CatalogLoad what="the templates" state={templates}>
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
    </CatalogLoad>
  );
}
