import { Link } from '@backstage/core-components';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import type { ComponentType, JSX } from 'react';

/** Every widget links to the full page it summarises (a link, not a button). */
function openLink(to: string, label: string) {
  return () => <Link to={to}>{label}</Link>;
}

/**
 * One home widget: a card whose content loads on its own (lazily, inside the widget's
 * own error boundary), so a slow or failing source never blanks the page.
 */
function widget(options: {
  name: string;
  title: string;
  description: string;
  link: { to: string; label: string };
  content: () => Promise<ComponentType<any>>;
}) {
  return HomePageWidgetBlueprint.make({
    name: options.name,
    params: {
      name: options.name,
      title: options.title,
      description: options.description,
      components: async () => ({
        Content: (await options.content()) as (props?: any) => JSX.Element,
        Actions: openLink(options.link.to, options.link.label),
      }),
    },
  });
}

export const homeWidgets = [
  widget({
    name: 'my-workspaces',
    title: 'My workspaces',
    description: 'Your notebook workspaces: open, stop or start them',
    link: { to: '/workspaces', label: 'All my workspaces' },
    content: () =>
      import('@internal/plugin-workspaces').then(
        m => m.MyWorkspacesHomeContent,
      ),
  }),
  widget({
    name: 'my-spend',
    title: 'My spend this month',
    description: 'What you spent, against your budgets and quotas',
    link: { to: '/costs', label: 'My costs' },
    content: () =>
      import('@internal/plugin-costs').then(m => m.MySpendHomeContent),
  }),
  widget({
    name: 'my-projects',
    title: 'My projects',
    description:
      'Your projects, their environment and whether a newer one exists',
    link: {
      to: '/catalog?filters[kind]=component&filters[type]=data-science-project&filters[user]=owned',
      label: 'All projects',
    },
    content: () =>
      import('@internal/plugin-environments').then(
        m => m.MyProjectsHomeContent,
      ),
  }),
  widget({
    name: 'templates',
    title: 'Start a project',
    description: 'The templates that scaffold a reproducible project',
    link: { to: '/create', label: 'All templates' },
    content: () =>
      import('@internal/plugin-environments').then(m => m.TemplatesHomeContent),
  }),
  widget({
    name: 'budgets',
    title: 'Budgets this month',
    description: 'Spend against every budget, the ones past 80% first',
    link: { to: '/costs', label: 'Costs' },
    content: () =>
      import('@internal/plugin-costs').then(m => m.BudgetsHomeContent),
  }),
  widget({
    name: 'top-spenders',
    title: 'Top spenders this month',
    description: 'The five people who spent most this month',
    link: { to: '/costs', label: 'Costs' },
    content: () =>
      import('@internal/plugin-costs').then(m => m.TopSpendersHomeContent),
  }),
  widget({
    name: 'idle-waste',
    title: 'Idle waste this week',
    description: 'What idle workspaces cost in the last seven days',
    link: { to: '/costs', label: 'Costs' },
    content: () =>
      import('@internal/plugin-costs').then(m => m.IdleWasteHomeContent),
  }),
  widget({
    name: 'people-without-team',
    title: 'People without a team',
    description: 'Catalog users who belong to no group',
    link: { to: '/admin/roles', label: 'People and roles' },
    content: () =>
      import('@internal/plugin-roles').then(
        m => m.PeopleWithoutTeamHomeContent,
      ),
  }),
  widget({
    name: 'recent-audit-events',
    title: 'Recent audit events',
    description: 'The newest actions in the audit log',
    link: { to: '/admin/audit', label: 'Audit log' },
    content: () =>
      import('@internal/plugin-audit').then(
        m => m.RecentAuditEventsHomeContent,
      ),
  }),
  widget({
    name: 'unhealthy-services',
    title: 'Services needing attention',
    description: 'Platform services that are not healthy, and why',
    link: { to: '/platform-status', label: 'Platform status' },
    content: () =>
      import('@internal/plugin-platform-health').then(
        m => m.UnhealthyServicesHomeContent,
      ),
  }),
  widget({
    name: 'problem-pods',
    title: 'Problem pods',
    description:
      'Pods that crash, cannot be scheduled or cannot pull their image',
    link: { to: '/platform-status/cluster', label: 'Cluster' },
    content: () =>
      import('@internal/plugin-platform-health').then(
        m => m.ProblemPodsHomeContent,
      ),
  }),
  widget({
    name: 'firing-alerts',
    title: 'Firing alerts',
    description: "Prometheus alerts firing for the platform's services",
    link: { to: '/platform-status', label: 'Platform status' },
    content: () =>
      import('@internal/plugin-platform-health').then(
        m => m.FiringAlertsHomeContent,
      ),
  }),
  widget({
    name: 'cluster-capacity',
    title: 'Cluster capacity',
    description:
      'Requested and used CPU and memory against what the nodes offer',
    link: { to: '/platform-status/cluster', label: 'Cluster' },
    content: () =>
      import('@internal/plugin-platform-health').then(
        m => m.ClusterCapacityHomeContent,
      ),
  }),
];
