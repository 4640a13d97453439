import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageLayoutBlueprint } from '@backstage/plugin-home-react/alpha';
import { homeWidgets } from './widgets';

const personaLayout = HomePageLayoutBlueprint.make({
  params: {
    loader: async () =>
      import('./PersonaHomeLayout').then(m => m.PersonaHomeLayout),
  },
});

/**
 * Atrium's home page: widgets from each plugin's summary of what a persona checks
 * first, laid out per role (data scientist, admin, DevOps).
 */
export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [personaLayout, ...homeWidgets],
});
