import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { ProfileResources } from '@internal/plugin-workspaces-common';

/** What a launch admission check is asked before every start. @public */
export interface LaunchAdmissionRequest {
  /** User entity ref of the workspace's owner. */
  user: string;
  /** The owner's group entity refs. */
  groups: string[];
  workspace: { id: string; name: string };
  profile: string;
  resources: ProfileResources;
  project?: string;
}

/** @public */
export type LaunchAdmissionDecision =
  | { allowed: true }
  | {
      allowed: false;
      /** Shown to the person as is: say what to do ("stop 'train-2' or ask an admin"). */
      reason: string;
    };

/** @public */
export interface LaunchAdmissionCheck {
  /** Names the check in logs and in the refusal's details. */
  name: string;
  check(request: LaunchAdmissionRequest): Promise<LaunchAdmissionDecision>;
}

/** @public */
export interface WorkspacesAdmissionExtensionPoint {
  addAdmissionCheck(check: LaunchAdmissionCheck): void;
}

/**
 * Lets other backend modules refuse a workspace start (budgets, quotas). Every check is
 * asked; the first refusal wins and its reason goes to the user with a 403.
 *
 * @public
 */
export const workspacesAdmissionExtensionPoint =
  createExtensionPoint<WorkspacesAdmissionExtensionPoint>({
    id: 'workspaces.admission',
  });

/** @public */
export interface WorkspacesDriverExtensionPoint {
  setDriver(driver: import('./driver').WorkspaceDriver): void;
}

/** Replaces the JupyterHub driver (for example with one that creates pods directly). @public */
export const workspacesDriverExtensionPoint =
  createExtensionPoint<WorkspacesDriverExtensionPoint>({
    id: 'workspaces.driver',
  });
