import { Content, EmptyState, Header, Page } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import type { SignInPageProps } from '@backstage/core-plugin-api';
import { DemoSignInPage, type DemoPerson } from './DemoSignInPage';
import { OidcSignInPage } from './OidcSignInPage';

/**
 * Chooses the sign-in experience from config: single sign-on when
 * `atrium.signIn.provider` is `oidc` (production), the demo picker when it is `demo` or
 * unset and `atrium.demo.people` is set (embedded default), otherwise a page saying
 * that no sign-in method is configured.
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
  const provider =
    config.getOptionalString('atrium.signIn.provider') ??
    (people.length > 0 ? 'demo' : undefined);
  if (provider === 'oidc') {
    return <OidcSignInPage {...props} />;
  }
  if (provider === 'demo' && people.length > 0) {
    return <DemoSignInPage {...props} people={people} />;
  }
  return (
    <Page themeId="home">
      <Header title="Atrium" />
      <Content>
        <EmptyState
          missing="info"
          title="No sign-in method is configured"
          description="Atrium's production config signs people in through your identity provider (OIDC): set atrium.signIn.provider to oidc and configure auth.providers.oidc as described in the README's Configuration section, then restart the backend."
        />
      </Content>
    </Page>
  );
}
