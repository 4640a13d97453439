import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogEntityValidatePermission,
  catalogIngestionManagePermission,
  catalogIngestionReadPermission,
  catalogLocationAnalyzePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogLocationReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  kubernetesClustersReadPermission,
  kubernetesProxyPermission,
  kubernetesResourcesReadPermission,
} from '@backstage/plugin-kubernetes-common';
import type { Permission } from '@backstage/plugin-permission-common';
import {
  actionExecutePermission,
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
  templateManagementPermission,
  templateParameterReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import { auditLogReadPermission } from '@internal/plugin-audit-common';
import {
  costsManagePermission,
  costsReadAllPermission,
  costsReadPermission,
} from '@internal/plugin-costs-common';
import {
  dataAccessAdminPermission,
  dataAccessManagePermission,
  dataAccessReadPermission,
  dataAccessRequestPermission,
} from '@internal/plugin-data-access-common';
import {
  environmentsOverviewPermission,
  environmentsReadPermission,
} from '@internal/plugin-environments-common';
import {
  platformClusterReadPermission,
  platformMetricsReadPermission,
  platformServicesReadPermission,
} from '@internal/plugin-platform-health-common';
import {
  resultsCreatePermission,
  resultsDeletePermission,
  resultsReadPermission,
  resultsUpdatePermission,
} from '@internal/plugin-results-common';
import {
  roleAssignmentsManagePermission,
  roleAssignmentsReadPermission,
  roleSelfReadPermission,
  type AtriumRole,
} from '@internal/plugin-roles-common';
import {
  workspaceManageAllPermission,
  workspaceReadAllPermission,
  workspaceUsePermission,
} from '@internal/plugin-workspaces-common';

/** Who may use a permission. */
export type PermissionRule =
  /** Every signed-in user. */
  | { kind: 'everyone' }
  /** Only people holding one of these roles. */
  | { kind: 'roles'; roles: readonly AtriumRole[] }
  /** Scaffolder tasks: these roles on every task, everyone else on the tasks they created. */
  | { kind: 'own-tasks'; allTasks: readonly AtriumRole[] }
  /**
   * Results: these roles on every result, everyone else on the results the results
   * plugin's rule allows (`visible`: own, shared with them, their team's or everyone's;
   * `author`: their own), which the plugin applies to one result or turns into SQL.
   */
  | { kind: 'results'; rule: 'visible' | 'author'; allResults: readonly AtriumRole[] }
  /**
   * Data sources: these roles on every source, everyone else on the sources they or
   * one of their groups own (the data-access plugin's IS_DATA_SOURCE_OWNER rule).
   */
  | { kind: 'data-source-owner'; allSources: readonly AtriumRole[] };

const everyone: PermissionRule = { kind: 'everyone' };
const only = (...roles: AtriumRole[]): PermissionRule => ({
  kind: 'roles',
  roles,
});
const results = (
  rule: 'visible' | 'author',
  ...allResults: AtriumRole[]
): PermissionRule => ({ kind: 'results', rule, allResults });
const dataSourceOwner = (...allSources: AtriumRole[]): PermissionRule => ({
  kind: 'data-source-owner',
  allSources,
});
const ownTasks = (...allTasks: AtriumRole[]): PermissionRule => ({
  kind: 'own-tasks',
  allTasks,
});

/**
 * The prefix of every permission of Atrium's own plugins (`atrium.workspaces.use`,
 * `atrium.costs.read`, ... in the *-common packages). One of these that the table does
 * not list is DENIED: a new Atrium permission is closed until it is decided here.
 * Permissions of other plugins that the table does not list keep Backstage's default,
 * allowed to every signed-in user.
 */
export const ATRIUM_PERMISSION_PREFIX = 'atrium.';

/**
 * Every decision of the policy, by permission name. Admins hold every role's rights;
 * `devops` are the platform's operators; everyone else is a data scientist.
 */
export const PERMISSION_RULES: ReadonlyMap<string, PermissionRule> = new Map(
  (
    [
      // --- Backstage's catalog ---------------------------------------------------------
      // Reading the catalog and its locations, refreshing an entity from its source and
      // validating a catalog-info.yaml: what everyone's pages do.
      [catalogEntityReadPermission, everyone],
      [catalogEntityRefreshPermission, everyone],
      [catalogEntityValidatePermission, everyone],
      [catalogLocationReadPermission, everyone],
      [catalogIngestionReadPermission, everyone],
      // Registering, unregistering and deleting catalog content changes what everyone
      // sees: admins only. Analyzing a location is the first step of registering one
      // (and makes the backend fetch any URL given): admins only too. The scaffolder
      // registers projects with its own service credentials, which the policy does not
      // see.
      [catalogLocationCreatePermission, only('admin')],
      [catalogLocationAnalyzePermission, only('admin')],
      [catalogLocationDeletePermission, only('admin')],
      [catalogEntityCreatePermission, only('admin')],
      [catalogEntityDeletePermission, only('admin')],
      [catalogIngestionManagePermission, only('admin')],

      // --- Backstage's scaffolder ------------------------------------------------------
      // Running a template: reading its form and steps, creating the task, running its
      // actions (checked per step with the person's credentials).
      [taskCreatePermission, everyone],
      [templateParameterReadPermission, everyone],
      [templateStepReadPermission, everyone],
      [actionExecutePermission, everyone],
      // A task holds its form values and its log: the person who created a task reads,
      // cancels and retries that task (retrying needs read); admins any task.
      [taskReadPermission, ownTasks('admin')],
      [taskCancelPermission, ownTasks('admin')],
      // The template editor: editing templates and dry-running them.
      [templateManagementPermission, only('admin')],
      [templateDryRunPermission, only('admin')],

      // --- Backstage's Kubernetes plugin -----------------------------------------------
      // Pod specs (environment variables, images, mounts) of any entity's workloads, the
      // clusters, and the raw API proxy: operators only. Data scientists see their own
      // workspaces on Atrium's pages.
      [kubernetesResourcesReadPermission, only('admin', 'devops')],
      [kubernetesClustersReadPermission, only('admin', 'devops')],
      [kubernetesProxyPermission, only('admin', 'devops')],

      // --- Atrium: roles and audit -----------------------------------------------------
      [roleSelfReadPermission, everyone],
      [roleAssignmentsReadPermission, only('admin')],
      [roleAssignmentsManagePermission, only('admin')],
      [auditLogReadPermission, only('admin')],

      // --- Atrium: workspaces ----------------------------------------------------------
      // Everyone uses their own workspaces; seeing and stopping anyone's is for admins.
      [workspaceUsePermission, everyone],
      [workspaceReadAllPermission, only('admin')],
      [workspaceManageAllPermission, only('admin')],

      // --- Atrium: costs ---------------------------------------------------------------
      // Everyone sees their own and their groups' costs (the costs plugin checks which);
      // everyone's costs, budgets and quotas are for admins.
      [costsReadPermission, everyone],
      [costsReadAllPermission, only('admin')],
      [costsManagePermission, only('admin')],

      // --- Atrium: platform health -----------------------------------------------------
      // The platform status (services) is open to everyone; nodes, every namespace's
      // pods, events and logs, and the portal's metrics are for operators.
      [platformServicesReadPermission, everyone],
      [platformClusterReadPermission, only('admin', 'devops')],
      [platformMetricsReadPermission, only('admin', 'devops')],

      // --- Atrium: environments --------------------------------------------------------
      // conda-store builds (logs, packages, diffs) are read by everyone, as the catalog
      // shows every conda-store environment to everyone; the sprawl overview (every
      // namespace's environments, failures and disk) is for operators.
      [environmentsReadPermission, everyone],
      [environmentsOverviewPermission, only('admin', 'devops')],

      // --- Atrium: results ---------------------------------------------------------------
      // Everyone publishes from their own workspaces. A result is read by whom its
      // visibility says (private stays private, admins included); only its author
      // shares it, asks for reviews and publishes new versions; admins may delete any.
      [resultsCreatePermission, everyone],
      [resultsReadPermission, results('visible')],
      [resultsUpdatePermission, results('author')],
      [resultsDeletePermission, results('author', 'admin')],

      // --- Atrium: data access ---------------------------------------------------------
      // Everyone sees the data sources and who holds them (knowing data exists is what
      // lets a person ask for it) and asks for access. A source's owner grants, ends and
      // decides requests for it; admins for every source, and only they give the second
      // approval of a restricted source, see who could read what when, and the running
      // workspaces holding data without access.
      [dataAccessReadPermission, everyone],
      [dataAccessRequestPermission, everyone],
      [dataAccessManagePermission, dataSourceOwner('admin')],
      [dataAccessAdminPermission, only('admin')],
    ] as [Permission, PermissionRule][]
  ).map(([permission, rule]) => [permission.name, rule]),
);
