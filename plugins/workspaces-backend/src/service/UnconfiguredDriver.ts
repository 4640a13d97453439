import { ServiceUnavailableError } from '@backstage/errors';
import type {
  DriverUser,
  WorkspaceDriver,
} from '@internal/plugin-workspaces-node';

const notConfigured = () =>
  new ServiceUnavailableError(
    'No JupyterHub is configured for workspaces: an admin must set workspaces.jupyterhub.url and workspaces.jupyterhub.apiToken (see the README)',
  );

/** Stands in when no hub is configured, so the portal starts and says what is missing. */
export class UnconfiguredDriver implements WorkspaceDriver {
  publicUrl() {
    return undefined;
  }
  async ensureUser(): Promise<void> {
    throw notConfigured();
  }
  async startServer(): Promise<never> {
    throw notConfigured();
  }
  async stopServer(): Promise<void> {
    throw notConfigured();
  }
  async deleteServer(): Promise<void> {
    throw notConfigured();
  }
  async getUser(): Promise<DriverUser | undefined> {
    throw notConfigured();
  }
  async listUsersWithServers(): Promise<DriverUser[]> {
    throw notConfigured();
  }
  // eslint-disable-next-line require-yield
  async *progress(): AsyncIterable<never> {
    throw notConfigured();
  }
}
