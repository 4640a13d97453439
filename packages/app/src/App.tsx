import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { signInModule } from './modules/signIn';
import { themeModule } from './modules/theme';

// Other plugins (Atrium's own included) are discovered from this package's
// dependencies, since app-config sets `app.packages: all`.
export default createApp({
  features: [catalogPlugin, navModule, homeModule, signInModule, themeModule],
});
