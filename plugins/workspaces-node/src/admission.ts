import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { ProfileResources } from '@internal/plugin-workspaces-common';

/** What a launch admission check is asked before every start. @public */
export interface LaunchAdmissionRequest {
  /** User entity ref of the workspace's owner. */
  user: string;
  /** The owner's group entity refs. */
  groups: string[];
  /** In a preview of a workspace not created yet, `id` is the empty string. */
  workspace: { id: string; name: string };
  profile: string;
  resources: ProfileResources;
  project?: string;
  /**
   * This start attempt's own id: what a check reserves belongs to it, and `release`
   * names it for a start that lost, so two starts of one workspace cannot free each
   * other's reservation.
   */
  admissionId?: string;
}

/** @public */
export type LaunchAdmissionDecision =
  | { allowed: true }
  | {
      allowed: false;
      /** Shown to the person as is: say what to do ("stop 'train-2' or ask an admin"). */
      reason: string;
    };

/**
 * What a check tells the person before they launch: shown in the launch dialog, so that
 * a refusal is known in advance and the price is seen before it is paid.
 * @public
 */
export interface LaunchAdmissionPreview {
  /** Lines for the dialog, in order ("Estimated cost" / "$0.42 per hour"). */
  facts: Array<{
    label: string;
    value: string;
    /** 'warning' when close to a limit, 'error' when this limit refuses the launch. */
    tone?: 'info' | 'warning' | 'error';
  }>;
  /** Set when `check` would refuse this launch now: the same reason it would give. */
  refusal?: string;
}

/** @public */
export interface LaunchAdmissionCheck {
  /** Names the check in logs and in the refusal's details. */
  name: string;
  check(request: LaunchAdmissionRequest): Promise<LaunchAdmissionDecision>;
  /**
   * Optional: what the launch dialog shows for this request before the start. Must not
   * reserve anything (the dialog may be opened and closed many times).
   */
  preview?(request: LaunchAdmissionRequest): Promise<LaunchAdmissionPreview>;
  /**
   * Optional: called once a workspace this check admitted no longer holds resources
   * (stopped, culled, failed to start, lost by the hub, deleted), so that what `check`
   * reserved can be given back. May be called for a workspace never admitted; must be
   * idempotent. With `admissionId` (a start that did not happen), only that admission's
   * reservation goes; without it, all of the workspace's.
   */
  release?(workspace: {
    id: string;
    user: string;
    admissionId?: string;
  }): Promise<void>;
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
