/*
 * The Atrium backend: Backstage's core plugins plus Atrium's own, on the new backend
 * system. Each `backend.add` is one plugin or module; config decides what they talk to.
 */
import { createBackend } from '@backstage/backend-defaults';
import { atriumAuditorServiceFactory } from '@internal/plugin-audit-node';
import { atriumRootConfigServiceFactory } from './atriumConfig';
import { decisionCachingPermissionsServiceFactory } from './permissionDecisionCache';

// The portal's metrics (OpenTelemetry) are set up by ./instrumentation.js, which the
// start script and the image load with --require before this file; platform-health
// serves them at /api/platform-health/metrics.

const backend = createBackend();

// Config as Backstage loads it, and a start refused when an Atrium key (atrium.*,
// workspaces.*, costs.*, platformHealth.*) is misspelled or of the wrong type.
backend.add(atriumRootConfigServiceFactory);

// Permission checks: Backstage's client, reusing a user's basic decisions for 2 s
// (each check is otherwise a signed HTTP call to the permission backend; see the file).
backend.add(decisionCachingPermissionsServiceFactory);

// Audit: Backstage's auditor, also recording every finished event in the audit log
// (plugin `audit`), where admins browse, filter and export it.
backend.add(atriumAuditorServiceFactory);
backend.add(import('@internal/plugin-audit-backend'));

// Serves the built frontend (packages/app) on the backend's port.
backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Sign-in. Demo sign-in only runs with auth.environment: development (see the module).
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@internal/plugin-auth-backend-module-demo-provider'));
// Single sign-on through OpenID Connect (Keycloak): auth.providers.oidc, production config.
backend.add(import('@backstage/plugin-auth-backend-module-oidc-provider'));

// Catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// Curated conda environments: unpinned or malformed ones become processing errors.
backend.add(import('@internal/plugin-catalog-backend-module-environments'));
// conda-store's environments (environments.condaStore); without that config it does nothing.
backend.add(import('@internal/plugin-catalog-backend-module-conda-store'));
// Data sources: checked, and Nebari's group shared folders generated (dataAccess config).
backend.add(import('@internal/plugin-catalog-backend-module-data-access'));
// Users and groups from LDAP (catalog.providers.ldapOrg, production config); without
// that config it registers no provider and does nothing.
backend.add(import('@backstage/plugin-catalog-backend-module-ldap'));

// Scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// publish:github / publish:gitlab, for templates whose form chooses GitHub or GitLab
// (needs integrations.github / gitlab); by default projects go to the portal's own git.
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitlab'));
// Atrium's actions (atrium:project:validate, atrium:environment:resolve,
// atrium:publish:local, atrium:catalog:register, atrium:workspace:launch), and the
// catalog module that reads projects from those local repositories (atrium-git).
backend.add(import('@internal/plugin-scaffolder-backend-module-atrium'));
backend.add(import('@internal/plugin-catalog-backend-module-atrium-local-git'));

// Permissions: every decision comes from the caller's Atrium role.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@internal/plugin-permission-backend-module-atrium-policy'));
backend.add(import('@internal/plugin-roles-backend'));

// Notebook workspaces on JupyterHub
backend.add(import('@internal/plugin-workspaces-backend'));

// Costs: metering, prices, reports, budgets and alerts, actual cloud costs; and the
// workspaces module that checks budgets and quotas (race-free) before every launch.
backend.add(import('@internal/plugin-costs-backend'));
backend.add(import('@internal/plugin-workspaces-backend-module-costs'));

// Environments from conda-store: build logs, packages, diffs and DevOps' overview
// (environments.condaStore); without that config its routes answer 503 saying so.
backend.add(import('@internal/plugin-environments-backend'));

// Results: notebooks published from workspaces, versioned in git, shared and reviewed
backend.add(import('@internal/plugin-results-backend'));

// Data access: grants of the catalog's data sources by group, requests and approvals,
// the data each workspace launch receives (signed for the hub-side hook), revocation
backend.add(import('@internal/plugin-data-access-backend'));
backend.add(import('@internal/plugin-workspaces-backend-module-data-access'));
// A workspace on a conda-store environment launches with the build it recorded, checked
// in conda-store and given to the hub (user option atrium_environment)
backend.add(import('@internal/plugin-workspaces-backend-module-conda-store'));

// Cluster and service health, the portal's own metrics
backend.add(import('@internal/plugin-platform-health-backend'));

// Search
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));
// Results, found only by those who may read them (each hit's read permission)
backend.add(import('@internal/plugin-search-backend-module-results'));

// TechDocs, Kubernetes, user settings, notifications and signals
backend.add(import('@backstage/plugin-techdocs-backend'));
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// A plugin that fails to start fails the whole start: exit, so that the container is
// restarted, rather than staying up and unready. (E.g. two replicas starting at once on
// an empty database: the one whose migration finds the other's lock fails, and its
// restart finds the migrations done.) Backstage only logs the rejection.
backend.start().catch(error => {
  console.error(`Atrium backend failed to start: ${error}`);
  process.exit(1);
});
