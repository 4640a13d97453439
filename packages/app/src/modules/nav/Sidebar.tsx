import {
  Sidebar,
  SidebarDivider,
  SidebarGroup,
  SidebarItem,
  SidebarScrollWrapper,
  SidebarSpace,
} from '@backstage/core-components';
import { NavContentBlueprint } from '@backstage/plugin-app-react';
import { SidebarLogo } from './SidebarLogo';
import { SkipToContent } from './SkipToContent';
import MenuIcon from '@material-ui/icons/Menu';
import SearchIcon from '@material-ui/icons/Search';
import { SidebarSearchModal } from '@backstage/plugin-search';
import { UserSettingsSignInAvatar } from '@backstage/plugin-user-settings';
import { NotificationsSidebarItem } from '@backstage/plugin-notifications';
import { useMyRole } from '@internal/plugin-roles-react';

export const SidebarContent = NavContentBlueprint.make({
  params: {
    component: function AtriumSidebar({ navItems }) {
      const { role } = useMyRole();
      const nav = navItems.withComponent(item => (
        <SidebarItem icon={() => item.icon} to={item.href} text={item.title} />
      ));

      // Skipped items
      nav.take('page:search'); // Using search modal instead
      nav.take('page:notifications'); // Using NotificationsSidebarItem manually instead
      // Admin pages: shown to admins only (their routes refuse everyone else anyway).
      const adminItems = [
        nav.take('page:roles'),
        nav.take('page:audit'),
        nav.take('page:catalog-import'),
      ];
      const visualizer = nav.take('page:app-visualizer');
      // Operators' pages: DevOps and admins (their routes refuse everyone else anyway).
      const operatorItems = [nav.take('page:environments')];

      return (
        <>
          <SkipToContent />
          <Sidebar>
            <SidebarLogo />
            <SidebarGroup label="Search" icon={<SearchIcon />} to="/search">
              <SidebarSearchModal />
            </SidebarGroup>
            <SidebarDivider />
            <SidebarGroup label="Menu" icon={<MenuIcon />}>
              {nav.take('page:home')}
              {nav.take('page:catalog')}
              {nav.take('page:scaffolder')}
              <SidebarDivider />
              <SidebarScrollWrapper>
                {nav.rest({ sortBy: 'title' })}
                {(role === 'admin' || role === 'devops') && operatorItems}
              </SidebarScrollWrapper>
            </SidebarGroup>
            {role === 'admin' && (
              <>
                <SidebarDivider />
                <SidebarGroup label="Admin" icon={<MenuIcon />}>
                  {adminItems}
                </SidebarGroup>
              </>
            )}
            <SidebarSpace />
            <SidebarDivider />
            <NotificationsSidebarItem />
            <SidebarDivider />
            <SidebarGroup
              label="Settings"
              icon={<UserSettingsSignInAvatar />}
              to="/settings"
            >
              {role === 'admin' && visualizer}
              {nav.take('page:user-settings')}
            </SidebarGroup>
          </Sidebar>
        </>
      );
    },
  },
});
