import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type {
  LaunchAdmissionPreview,
  LaunchAdmissionRequest,
} from './admission';

/** What a launch contributor is asked at a start, after the admission checks. @public */
export interface LaunchContributionRequest extends LaunchAdmissionRequest {
  /** The hub user and server (workspace) name the spawn is for. */
  hubUser: string;
  /** Set when the workspace reproduces another one: that workspace's id. */
  reproducedFrom?: string;
  /** The environment the workspace launches with, when it has one. */
  environment?: LaunchEnvironment;
}

/**
 * The environment of a launch: its catalog entity ref and, for a conda-store
 * environment, the build it launches with (recorded on the workspace: its current build
 * at the first launch, the reproduced workspace's build for a reproduction).
 * @public
 */
export interface LaunchEnvironment {
  ref: string;
  condaStore?: {
    namespace: string;
    environment: string;
    buildId: number;
    /** True when the build is the one the workspace recorded earlier (a reproduction or a restart). */
    recorded: boolean;
  };
}

/** @public */
export interface LaunchContribution {
  /**
   * Merged into the user_options of the spawn request under the contributor's own keys
   * (e.g. `atrium_data`); must not name `profile` or a profile option.
   */
  userOptions?: Record<string, unknown>;
}

/**
 * Adds to what the hub receives at a workspace start (data mounts, for example) and
 * says so in the launch dialog.
 * @public
 */
export interface LaunchContributor {
  /** Names the contributor in logs. */
  name: string;
  /**
   * Called once per start attempt after admission, before the spawn. A thrown error
   * fails the start with its message (use InputError / NotAllowedError for what the
   * person can act on).
   */
  contribute(request: LaunchContributionRequest): Promise<LaunchContribution>;
  /** What the launch dialog shows before the start; must not record anything. */
  preview?(request: LaunchContributionRequest): Promise<LaunchAdmissionPreview>;
  /**
   * Called once the workspace no longer runs (stopped, culled, failed, deleted). May be
   * called for a workspace it never contributed to; must be idempotent.
   */
  release?(workspace: { id: string; user: string }): Promise<void>;
}

/** @public */
export interface WorkspacesLaunchContributorExtensionPoint {
  addLaunchContributor(contributor: LaunchContributor): void;
}

/**
 * Lets other backend modules add to every workspace start (user_options the hub-side
 * hooks apply) and to the launch dialog.
 *
 * @public
 */
export const workspacesLaunchContributorExtensionPoint =
  createExtensionPoint<WorkspacesLaunchContributorExtensionPoint>({
    id: 'workspaces.launch-contributors',
  });
