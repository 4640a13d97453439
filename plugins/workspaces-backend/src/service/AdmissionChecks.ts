import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import type { LaunchPreview } from '@internal/plugin-workspaces-common';
import type {
  LaunchAdmissionCheck,
  LaunchAdmissionRequest,
} from '@internal/plugin-workspaces-node';
import type { StoredWorkspace } from '../database/WorkspacesStore';

/**
 * The launch admission checks other plugins added (costs: budgets and quotas), asked
 * in order before a start, for a preview, and told when a workspace frees what they
 * reserved.
 */
export class AdmissionChecks {
  constructor(
    private readonly checks: LaunchAdmissionCheck[],
    private readonly logger: LoggerService,
  ) {}

  /**
   * Asks every check; the first refusal is thrown as a 403 with its reason, after what
   * the checks before it reserved for this attempt (`request.admissionId`) is released.
   */
  async admit(request: LaunchAdmissionRequest & { admissionId: string }) {
    for (const admission of this.checks) {
      const decision = await admission.check(request);
      if (!decision.allowed) {
        this.logger.info(
          `Launch of ${request.user}/${request.workspace.name} refused by ${admission.name}: ${decision.reason}`,
        );
        await this.release(
          {
            id: request.workspace.id,
            owner: request.user,
            name: request.workspace.name,
          },
          request.admissionId,
        );
        throw new NotAllowedError(decision.reason);
      }
    }
  }

  /**
   * What each check that previews says about a start (cost estimate, budget, quotas),
   * and the first refusal it would get. Reserves nothing.
   */
  async preview(
    request: LaunchAdmissionRequest,
  ): Promise<Pick<LaunchPreview, 'facts' | 'refusal'>> {
    const preview: Pick<LaunchPreview, 'facts' | 'refusal'> = { facts: [] };
    for (const admission of this.checks) {
      if (!admission.preview) continue;
      try {
        const result = await admission.preview(request);
        preview.facts.push(
          ...result.facts.map(f => ({ check: admission.name, ...f })),
        );
        if (result.refusal && !preview.refusal) {
          preview.refusal = result.refusal;
        }
      } catch (error) {
        // A preview is advice: the start itself is still checked.
        preview.facts.push({
          check: admission.name,
          label: admission.name,
          value: `not available (${(error as Error).message})`,
          tone: 'warning',
        });
      }
    }
    return preview;
  }

  /** Gives back what the checks reserved for a workspace that no longer runs. */
  async release(
    workspace: Pick<StoredWorkspace, 'id' | 'owner' | 'name'>,
    /** Only this start attempt's reservation (it lost or was refused); else all. */
    admissionId?: string,
  ) {
    for (const admission of this.checks) {
      if (!admission.release) continue;
      try {
        await admission.release({
          id: workspace.id,
          user: workspace.owner,
          ...(admissionId ? { admissionId } : {}),
        });
      } catch (error) {
        // Checks heal missed releases themselves (e.g. from the open usage sessions).
        this.logger.warn(
          `Could not release ${workspace.owner}/${workspace.name} from ${admission.name}: ${error}`,
        );
      }
    }
  }
}
