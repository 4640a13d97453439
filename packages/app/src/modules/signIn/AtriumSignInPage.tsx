import { Content, EmptyState, Header, Page } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import type { SignInPageProps } from '@backstage/core-plugin-api';
import { DemoSignInPage, type DemoPerson } from './DemoSignInPage';

/**
 * Chooses the sign-in experience from config: the demo picker when `atrium.demo.people`
 * is set (embedded default), otherwise the production identity provider.
 */
export function AtriumSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const people: DemoPerson[] = (
    config.getOptionalConfigArray('atrium.demo.people') ?? []
  ).map(p => ({
    name: p.getString('name'),
    displayName: p.getOptionalString('displayName'),
    description: p.getOptionalString('description'),
  }));
  if (people.length > 0) {
    return <DemoSignInPage {...props} people={people} />;
  }
  return (
    <Page themeId="home">
      <Header title="Atrium" />
      <Content>
        <EmptyState
          missing="info"
          title="No sign-in method is configured"
          description="Atrium's production config signs people in through your identity provider (OIDC). Configure auth.providers as described in the README's Configuration section, then restart the backend."
        />
      </Content>
    </Page>
  );
}
