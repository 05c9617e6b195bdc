import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { argocdFeature } from './modules/argocd';
import { signInModule } from './modules/signIn';

// Every other plugin in package.json (base-layer, kubernetes, scaffolder, …)
// is discovered through `app.packages: all`. Features listed here win over a
// discovered plugin with the same id.
export default createApp({
  features: [catalogPlugin, navModule, homeModule, argocdFeature, signInModule],
});
