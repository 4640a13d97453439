import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  LaunchDataPreview,
  SignedLaunchData,
} from '@internal/plugin-data-access-common';
import type { DataAccessApi, LaunchDataRequest } from './DataAccessApi';

/**
 * Calls the data-access backend over HTTP with a plugin-to-plugin token (its launch
 * routes accept the workspaces plugin only). A refusal is thrown as Backstage's
 * `ResponseError`; its `cause.message` is the backend's own sentence.
 *
 * @public
 */
export class DataAccessClient implements DataAccessApi {
  private readonly discovery: DiscoveryService;
  private readonly auth: AuthService;

  constructor(options: { discovery: DiscoveryService; auth: AuthService }) {
    this.discovery = options.discovery;
    this.auth = options.auth;
  }

  previewLaunch(
    request: LaunchDataRequest,
    options: { credentials: BackstageCredentials },
  ): Promise<LaunchDataPreview> {
    return this.call('/launches/preview', options, request);
  }

  recordLaunch(
    request: LaunchDataRequest,
    options: { credentials: BackstageCredentials },
  ): Promise<LaunchDataPreview & { signed?: SignedLaunchData }> {
    return this.call('/launches', options, request);
  }

  async endLaunch(
    workspace: { id: string },
    options: { credentials: BackstageCredentials },
  ): Promise<void> {
    await this.call(`/launches/${encodeURIComponent(workspace.id)}/end`, options, {});
  }

  private async call<T>(
    path: string,
    options: { credentials: BackstageCredentials },
    body: object,
  ): Promise<T> {
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: options.credentials,
      targetPluginId: 'data-access',
    });
    const baseUrl = await this.discovery.getBaseUrl('data-access');
    const res = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    // 204 from the end of a launch: nothing to read.
    return (res.status === 204 ? undefined : await res.json()) as T;
  }
}
