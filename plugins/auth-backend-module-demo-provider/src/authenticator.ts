import { AuthenticationError } from '@backstage/errors';
import { createProxyAuthenticator } from '@backstage/plugin-auth-node';

/** The request header in which the demo sign-in page names the chosen person. */
export const DEMO_USER_HEADER = 'x-atrium-demo-user';

export interface DemoPerson {
  /** The catalog User entity name. */
  name: string;
  displayName?: string;
}

export type DemoSignInResult = { person: DemoPerson };

/**
 * A proxy authenticator: the "proxy" in front of the backend is the demo sign-in page,
 * which says who the visitor chose in a header. Only the configured demo people can be
 * chosen, so the picker cannot be used to become an arbitrary catalog user.
 */
export function createDemoAuthenticator(people: readonly DemoPerson[]) {
  const byName = new Map(
    people.map(p => [p.name.toLocaleLowerCase('en-US'), p]),
  );
  return createProxyAuthenticator<unknown, DemoSignInResult, undefined>({
    defaultProfileTransform: async ({ person }) => ({
      profile: { displayName: person.displayName ?? person.name },
    }),
    initialize() {
      return undefined;
    },
    async authenticate({ req }) {
      const chosen = req
        .header(DEMO_USER_HEADER)
        ?.trim()
        .toLocaleLowerCase('en-US');
      if (!chosen) {
        throw new AuthenticationError(
          `Pick a demo person to sign in as (the ${DEMO_USER_HEADER} header is missing)`,
        );
      }
      const person = byName.get(chosen);
      if (!person) {
        throw new AuthenticationError(
          `'${chosen}' is not one of the demo people (${[...byName.keys()].join(
            ', ',
          )})`,
        );
      }
      return { result: { person } };
    },
  });
}
