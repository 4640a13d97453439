import type {
  LoggerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { RESOURCE_TYPE_SCAFFOLDER_TASK } from '@backstage/plugin-scaffolder-common/alpha';
import {
  DATA_ACCESS_RULES,
  DATA_ACCESS_SOURCE_RESOURCE_TYPE,
} from '@internal/plugin-data-access-common';
import {
  RESULTS_RESULT_RESOURCE_TYPE,
  RESULTS_RULES,
} from '@internal/plugin-results-common';
import type { RolesService } from '@internal/plugin-roles-node';
import { ATRIUM_PERMISSION_PREFIX, PERMISSION_RULES } from './permissionRules';

/**
 * "Only the tasks this person created", in the terms of the scaffolder's own task rule
 * (IS_TASK_OWNER on the task's createdBy), which the scaffolder applies to a task it
 * loads and turns into a filter for its task list. Written out rather than built with
 * the scaffolder backend's createScaffolderTaskConditionalDecision, so that the policy
 * does not depend on the whole scaffolder backend.
 */
function ownTasksOnly(userEntityRef: string): PolicyDecision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'scaffolder',
    resourceType: RESOURCE_TYPE_SCAFFOLDER_TASK,
    conditions: {
      rule: 'IS_TASK_OWNER',
      resourceType: RESOURCE_TYPE_SCAFFOLDER_TASK,
      params: { createdBy: [userEntityRef] },
    },
  };
}

/**
 * The results plugin's rule for this person, in its own terms (its IS_RESULT_VISIBLE /
 * IS_RESULT_AUTHOR rules, with the person's user and group refs as claims).
 */
function resultsRule(
  rule: 'visible' | 'author',
  claims: string[],
): PolicyDecision {
  const name =
    rule === 'visible' ? RESULTS_RULES.isVisible : RESULTS_RULES.isAuthor;
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'results',
    resourceType: RESULTS_RESULT_RESOURCE_TYPE,
    conditions: {
      rule: name,
      resourceType: RESULTS_RESULT_RESOURCE_TYPE,
      params: { claims },
    },
  };
}

/**
 * The data-access plugin's owner rule for this person (IS_DATA_SOURCE_OWNER, with the
 * person's user and group refs as claims).
 */
function dataSourceOwnerRule(claims: string[]): PolicyDecision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'data-access',
    resourceType: DATA_ACCESS_SOURCE_RESOURCE_TYPE,
    conditions: {
      rule: DATA_ACCESS_RULES.isOwner,
      resourceType: DATA_ACCESS_SOURCE_RESOURCE_TYPE,
      params: { claims },
    },
  };
}

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/**
 * Decides every permission from the caller's Atrium role (see roles-common), as the
 * table in permissionRules.ts says. Backend services never reach the policy: the
 * permissions service allows them itself (within their access restrictions).
 *
 * @public
 */
export class AtriumPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly options: {
      roles: RolesService;
      userInfo: UserInfoService;
      logger: LoggerService;
    },
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { name } = request.permission;
    const rule = PERMISSION_RULES.get(name);
    if (!rule) {
      if (name.startsWith(ATRIUM_PERMISSION_PREFIX)) {
        this.options.logger.warn(
          `Denied ${name}: Atrium's policy does not decide it yet (permissionRules.ts)`,
        );
        return DENY;
      }
      return ALLOW;
    }
    if (rule.kind === 'everyone') {
      return ALLOW;
    }
    if (!user) {
      return DENY;
    }
    const info = await this.options.userInfo.getUserInfo(user.credentials);
    const role = await this.options.roles.getRole(info);
    if (rule.kind === 'own-tasks') {
      return rule.allTasks.includes(role)
        ? ALLOW
        : ownTasksOnly(info.userEntityRef);
    }
    if (rule.kind === 'results') {
      return rule.allResults.includes(role)
        ? ALLOW
        : resultsRule(rule.rule, info.ownershipEntityRefs);
    }
    if (rule.kind === 'data-source-owner') {
      return rule.allSources.includes(role)
        ? ALLOW
        : dataSourceOwnerRule(info.ownershipEntityRefs);
    }
    if (rule.roles.includes(role)) {
      return ALLOW;
    }
    this.options.logger.debug(
      `Denied ${name} to ${info.userEntityRef} (role ${role})`,
    );
    return DENY;
  }
}
