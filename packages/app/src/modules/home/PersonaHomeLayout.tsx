import { Content, Progress } from '@backstage/core-components';
import { CustomHomepageGrid } from '@backstage/plugin-home';
import type {
  HomePageDefaultConfigItem,
  HomePageLayoutProps,
} from '@backstage/plugin-home-react/alpha';
import { useMyRole } from '@internal/plugin-roles-react';
import { Fragment } from 'react';

type AtriumRole = NonNullable<ReturnType<typeof useMyRole>['role']>;

type Cell = [
  name: string,
  column: number,
  row: number,
  width: number,
  height: number,
];

/**
 * What each persona sees first (12 columns; rows of 60 px). A person can still edit,
 * add and remove widgets: the grid keeps their own layout once they save one.
 */
export const DEFAULT_LAYOUTS: Record<AtriumRole, Cell[]> = {
  'data-scientist': [
    ['my-workspaces', 0, 0, 6, 6],
    ['my-spend', 6, 0, 6, 6],
    ['my-projects', 0, 6, 6, 6],
    ['templates', 6, 6, 6, 6],
  ],
  admin: [
    ['budgets', 0, 0, 6, 6],
    ['top-spenders', 6, 0, 6, 6],
    ['idle-waste', 0, 6, 6, 6],
    ['people-without-team', 6, 6, 6, 6],
    ['recent-audit-events', 0, 12, 12, 7],
  ],
  devops: [
    ['unhealthy-services', 0, 0, 6, 6],
    ['problem-pods', 6, 0, 6, 6],
    ['firing-alerts', 0, 6, 6, 5],
    ['cluster-capacity', 6, 6, 6, 5],
  ],
};

export function defaultLayoutFor(
  role: AtriumRole,
): HomePageDefaultConfigItem[] {
  return DEFAULT_LAYOUTS[role].map(
    ([component, column, row, width, height]) => ({
      component,
      column,
      row,
      width,
      height,
    }),
  );
}

/**
 * The layouts are written for 12 columns; the grid's default gives medium screens (a
 * laptop with the sidebar open) only 10, which made the right-hand column wrap.
 * Narrow screens keep fewer columns, so the widgets stack there.
 */
const GRID_COLUMNS = { xl: 12, lg: 12, md: 12, sm: 6, xs: 4, xxs: 2 };

/** The home page's grid, laid out for the signed-in person's role. */
export function PersonaHomeLayout(props: HomePageLayoutProps) {
  const { role, error } = useMyRole();
  // Without a role (the roles backend did not answer) everyone gets the data
  // scientist's page, which shows only the caller's own things.
  if (!role && !error) return <Progress />;
  return (
    <Content>
      <CustomHomepageGrid
        cols={GRID_COLUMNS}
        config={defaultLayoutFor(role ?? 'data-scientist').map(c => ({
          component: c.component,
          x: c.column,
          y: c.row,
          width: c.width,
          height: c.height,
        }))}
      >
        {props.widgets.map((w, index) => (
          <Fragment key={w.name ?? index}>{w.component}</Fragment>
        ))}
      </CustomHomepageGrid>
    </Content>
  );
}
