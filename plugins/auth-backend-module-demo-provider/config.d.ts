export interface Config {
  auth?: {
    providers?: {
      /**
       * Demo sign-in: a visitor picks one of the people listed in `atrium.demo.people`.
       * Only honoured while `auth.environment` is `development`; in any other
       * environment the provider is not registered, whatever the config says.
       */
      demo?: {};
    };
  };
}
