import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const content = `
## Welcome to Atrium

The portal of your data-science platform: JupyterHub on Kubernetes, shared conda
environments, Dask, single sign-on and monitoring, in one place.

- **Explore the platform**: every service, who owns it and what it depends on, in the
  [catalog](/).
- **Start a project**: scaffold a reproducible project from a [template](/create).
- **Read the docs** of any service from its catalog page.
`;

const gettingStartedWidget = HomePageWidgetBlueprint.make({
  name: 'getting-started',
  params: {
    name: 'GettingStarted',
    title: 'Getting started',
    description: 'What Atrium is for and where to begin',
    components: async () => ({
      Content: () => <MarkdownContent content={content} />,
    }),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [gettingStartedWidget],
});
