import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

// start-up check: the production config names every key it needs
backend.add(import('./startup/productionConfigCheck'));

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// auth: guest sign-in locally; production signs in through Vault's OIDC
// provider, GitHub is the alternative by config (README.md, "Sign-in")
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@internal/plugin-auth-backend-module-base-layer'));
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@internal/plugin-catalog-backend-module-base-layer'));
// merged modules: the GitOps repo's <module_dir>/catalog-info.yaml files
// (catalog.providers.github, production only)
backend.add(import('@backstage/plugin-catalog-backend-module-github'));

// scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@internal/plugin-scaffolder-backend-module-base-layer'));

// permission: the platform's roles (baseLayer.roles) decide
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@internal/plugin-permission-backend-module-base-layer'));

// search: Postgres engine in production, in-memory Lunr with SQLite
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

// kubernetes
backend.add(import('@backstage/plugin-kubernetes-backend'));

// signals: live updates pushed to the browser (user settings use it)
backend.add(import('@backstage/plugin-signals-backend'));

// BASE layer wave and health engine
backend.add(import('@internal/plugin-base-layer-backend'));

// A backend that cannot start exits non-zero, so that its pod restarts and
// its log says why (a rejected start-up is otherwise only logged).
backend.start().catch(error => {
  process.stderr.write(`Backend start-up failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
