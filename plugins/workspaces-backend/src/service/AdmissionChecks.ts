import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import type { LaunchPreview } from '@internal/plugin-workspaces-common';
import type {
  LaunchAdmissionCheck,
  LaunchAdmissionPreview,
  LaunchAdmissionRequest,
  LaunchContributionRequest,
  LaunchContributor,
} from '@internal/plugin-workspaces-node';
import type { StoredWorkspace } from '../database/WorkspacesStore';

/**
 * The launch admission checks (costs: budgets and quotas) and launch contributors
 * (data-access: data mounts) other plugins added: asked in order before a start and
 * for a preview, and told when a workspace frees what they reserved or recorded.
 */
export class AdmissionChecks {
  constructor(
    private readonly checks: LaunchAdmissionCheck[],
    private readonly logger: LoggerService,
    private readonly contributors: LaunchContributor[] = [],
  ) {}

  /**
   * What the contributors add to the spawn's user_options, merged; called after the
   * admission, before the spawn. A contributor's error (or a key that would override
   * the profile, one of its options or another contributor's) fails the start.
   */
  async contribute(
    request: LaunchContributionRequest,
    userOptions: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const merged = { ...userOptions };
    for (const contributor of this.contributors) {
      const contribution = await contributor.contribute(request);
      for (const [key, value] of Object.entries(
        contribution.userOptions ?? {},
      )) {
        if (key in merged) {
          throw new InputError(
            `Launch contributor ${contributor.name} may not set the user option '${key}': the profile or another contributor sets it`,
          );
        }
        merged[key] = value;
      }
    }
    return merged;
  }

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
    request: LaunchContributionRequest,
  ): Promise<Pick<LaunchPreview, 'facts' | 'refusal'>> {
    const preview: Pick<LaunchPreview, 'facts' | 'refusal'> = { facts: [] };
    // A check is asked exactly what `admit` asks it: its client may send the request
    // on as is, to a backend that refuses fields it does not know (costs does).
    const { hubUser, reproducedFrom, environment, ...admissionRequest } = request;
    const previews: Array<{
      name: string;
      preview?: () => Promise<LaunchAdmissionPreview>;
    }> = [
      ...this.checks.map(c => ({
        name: c.name,
        preview: c.preview && (() => c.preview!(admissionRequest)),
      })),
      ...this.contributors.map(c => ({
        name: c.name,
        preview: c.preview && (() => c.preview!(request)),
      })),
    ];
    for (const admission of previews) {
      if (!admission.preview) continue;
      try {
        const result = await admission.preview();
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

  /**
   * Gives back what the checks reserved for a workspace that no longer runs, and tells
   * the contributors. With `admissionId` (a start that lost before its spawn), only the
   * checks: the contributors were not asked for that attempt, and a concurrent start
   * that won may hold what they gave.
   */
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
    if (admissionId) return;
    for (const contributor of this.contributors) {
      if (!contributor.release) continue;
      try {
        await contributor.release({ id: workspace.id, user: workspace.owner });
      } catch (error) {
        this.logger.warn(
          `Could not release ${workspace.owner}/${workspace.name} from launch contributor ${contributor.name}: ${error}`,
        );
      }
    }
  }
}
