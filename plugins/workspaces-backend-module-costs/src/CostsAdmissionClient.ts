import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

/**
 * Calls the costs plugin's service-only admission routes (`/api/costs/admission/*`) as
 * the workspaces plugin; errors come back as `ResponseError`s.
 */
export class CostsAdmissionClient {
  constructor(
    private readonly auth: AuthService,
    private readonly discovery: DiscoveryService,
  ) {}

  async post<T>(path: string, body: unknown): Promise<T | undefined> {
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'costs',
    });
    const res = await fetch(
      `${await this.discovery.getBaseUrl('costs')}/admission/${path}`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      },
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res.status === 204 ? undefined : ((await res.json()) as T);
  }
}
