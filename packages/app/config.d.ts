export interface Config {
  atrium?: {
    signIn?: {
      /**
       * How people sign in. `demo`: pick one of atrium.demo.people (the default when
       * that list is set; needs the backend's demo provider). `oidc`: single sign-on
       * through the backend's auth.providers.oidc (Keycloak or another OpenID Provider).
       * @visibility frontend
       */
      provider?: 'demo' | 'oidc';
      /**
       * Title of the single sign-on card (default "Single sign-on").
       * @visibility frontend
       */
      title?: string;
      /**
       * One line under it (default "Sign in with your organisation account (Keycloak)").
       * @visibility frontend
       */
      message?: string;
    };
    demo?: {
      /**
       * The people a visitor can sign in as on the embedded demo (needs the backend's
       * demo sign-in provider, which only runs with auth.environment: development).
       * `name` is the catalog User entity name.
       * @deepVisibility frontend
       */
      people?: Array<{
        name: string;
        displayName?: string;
        /** One line: role and team, shown on the sign-in card. */
        description?: string;
      }>;
    };
  };
}
