/*
 * The Atrium backend: Backstage's core plugins plus Atrium's own, on the new backend
 * system. Each `backend.add` is one plugin or module; config decides what they talk to.
 */
import { createBackend } from '@backstage/backend-defaults';
import { atriumAuditorServiceFactory } from '@internal/plugin-audit-node';

const backend = createBackend();

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
// Users and groups from LDAP (catalog.providers.ldapOrg, production config); without
// that config it registers no provider and does nothing.
backend.add(import('@backstage/plugin-catalog-backend-module-ldap'));

// Scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

// Permissions: every decision comes from the caller's Atrium role.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@internal/plugin-permission-backend-module-atrium-policy'));
backend.add(import('@internal/plugin-roles-backend'));

// Notebook workspaces on JupyterHub
backend.add(import('@internal/plugin-workspaces-backend'));

// Search
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

// TechDocs, Kubernetes, user settings, notifications and signals
backend.add(import('@backstage/plugin-techdocs-backend'));
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
