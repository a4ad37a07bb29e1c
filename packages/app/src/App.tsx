import { createApp } from '@backstage/frontend-defaults';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

// Plugins (catalog, scaffolder, org, user settings, Daprise) are discovered from this
// package's dependencies through `app.packages: all` in app-config.yaml.
export default createApp({
  features: [navModule, signInModule],
});
