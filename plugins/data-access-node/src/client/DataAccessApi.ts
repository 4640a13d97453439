import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type {
  LaunchDataPreview,
  SignedLaunchData,
} from '@internal/plugin-data-access-common';

/** Who launches what: the workspace's owner, their groups now, and the server. @public */
export interface LaunchDataRequest {
  /** User entity ref of the workspace's owner. */
  user: string;
  /** The owner's group refs at this moment. */
  groups: string[];
  /** Empty string in a preview of a workspace not created yet. */
  workspaceId: string;
  hubUser: string;
  server: string;
  /** Set when reproducing: the original workspace's id (its recorded data is reused). */
  reproducedFrom?: string;
}

/**
 * The data-access backend as other backend plugins call it (service to service; the
 * data-access backend accepts these calls from the workspaces plugin only).
 * @public
 */
export interface DataAccessApi {
  /** What a launch would receive, for the launch dialog. Records nothing. */
  previewLaunch(
    request: LaunchDataRequest,
    options: { credentials: BackstageCredentials },
  ): Promise<LaunchDataPreview>;
  /**
   * What this launch receives, recorded (and audited when any data is given), with the
   * signed `atrium_data` the hub-side hook applies. `signed` is absent when the launch
   * gets no data.
   */
  recordLaunch(
    request: LaunchDataRequest,
    options: { credentials: BackstageCredentials },
  ): Promise<LaunchDataPreview & { signed?: SignedLaunchData }>;
  /** The workspace no longer runs: its launch record ends. Idempotent. */
  endLaunch(
    workspace: { id: string },
    options: { credentials: BackstageCredentials },
  ): Promise<void>;
}
