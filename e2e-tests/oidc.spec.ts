import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { screenshot, sidebar } from './helpers';
import { oidcAccounts, oidcClient, oidcE2e } from './oidc.config';

// Single sign-on against a real OpenID Provider (dev/oidc/provider.mjs, the stand-in for
// Keycloak) through the second backend, which is configured like production.
test.use({ baseURL: oidcE2e.baseURL });

const secret = oidcClient.client_secret;

/** Everything text-like the browser received (pages, popups, API answers). */
function recordResponses(context: BrowserContext): Promise<string>[] {
  const bodies: Promise<string>[] = [];
  context.on('response', response => {
    const type = response.headers()['content-type'] ?? '';
    if (/html|json|javascript|text/.test(type)) {
      bodies.push(
        response.text().then(
          text => `${response.url()}\n${text}`,
          () => '',
        ),
      );
    }
  });
  return bodies;
}

/** Sign in on the portal's single sign-on card, logging in at the provider in the popup. */
async function signInAtProvider(page: Page, login: string, shotName: string) {
  await page.goto('/');
  await expect(page.getByText('Single sign-on')).toBeVisible();
  await expect(
    page.getByText('Sign in with your organisation account (Keycloak)'),
  ).toBeVisible();
  // Nothing of the demo picker in a production-like portal.
  await expect(page.getByRole('button', { name: /Sign in as/ })).toHaveCount(0);

  const popupOpened = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign In' }).click();
  const popup = await popupOpened;
  // The provider's login page: the username (or email) and any password.
  await expect(popup.locator('input[name="login"]')).toBeVisible();
  expect(popup.url()).toContain(oidcE2e.issuer);
  await popup.locator('input[name="login"]').fill(login);
  await popup.locator('input[name="password"]').fill('any password');
  await screenshot(popup, `${shotName}-provider-login`);
  await popup.getByRole('button', { name: 'Sign-in' }).click();
  // Then the consent page; the backend's callback closes the popup.
  const closed = popup.waitForEvent('close');
  await popup.getByRole('button', { name: 'Continue' }).click();
  await closed;
}

test('a person in the catalog signs in through the OpenID Provider and lands as themselves', async ({
  page,
  context,
  request,
}) => {
  const responses = recordResponses(context);
  const myRole = page.waitForResponse(
    r => r.url().endsWith('/api/roles/me') && r.status() === 200,
  );

  await signInAtProvider(page, oidcAccounts.ada.preferred_username, 'oidc-ada');

  // In the portal, as user:default/ada with her groups (the app's own call).
  await expect(
    sidebar(page).getByRole('link', { name: 'Settings' }),
  ).toBeVisible();
  expect(await (await myRole).json()).toMatchObject({
    userEntityRef: 'user:default/ada',
    role: 'data-scientist',
    ownershipEntityRefs: expect.arrayContaining([
      'user:default/ada',
      'group:default/team-vision',
    ]),
  });
  // Her home page: her team's project, found through her groups.
  await expect(page.getByRole('link', { name: 'Cats vs dogs' })).toBeVisible();
  await screenshot(page, 'oidc-ada-signed-in');

  await page.goto('/settings');
  await expect(page.getByText('Ada Lovelace').first()).toBeVisible();
  await expect(page.getByText('ada@atrium.example').first()).toBeVisible();
  await screenshot(page, 'oidc-ada-settings');

  // A reload keeps her signed in: the backend refreshes the provider session (its
  // refresh token is in an httpOnly cookie), no popup.
  await page.reload();
  await expect(
    sidebar(page).getByRole('link', { name: 'Settings' }),
  ).toBeVisible();
  await expect(page.getByText('Ada Lovelace').first()).toBeVisible();

  // The secret looked for below is the one in use: the provider authenticates the
  // client with it (a bad code, not a bad client).
  const token = await request.post(`${oidcE2e.issuer}/token`, {
    headers: {
      authorization: `Basic ${Buffer.from(
        `${oidcClient.client_id}:${secret}`,
      ).toString('base64')}`,
    },
    form: {
      grant_type: 'authorization_code',
      code: 'not-a-code',
      redirect_uri: oidcClient.redirect_uris[0],
    },
  });
  expect(await token.json()).toMatchObject({ error: 'invalid_grant' });

  // The client secret never reached the browser: not in anything it received
  // (the portal's pages, the injected frontend config, API answers, the provider's
  // pages), nor in what the page can read.
  const received = await Promise.all(responses);
  // The recording holds the whole flow, the provider's pages included.
  expect(received.join('\n')).toContain(oidcClient.client_id);
  expect(received.some(body => body.startsWith(oidcE2e.issuer))).toBe(true);
  for (const body of received) {
    expect(body, body.slice(0, 200)).not.toContain(secret);
  }
  const html = await (await page.request.get('/')).text();
  const injected = html.match(
    /<script type="backstage.io\/config">([\s\S]*?)<\/script>/,
  )?.[1];
  expect(injected).toBeDefined();
  expect(injected).toContain('"provider": "oidc"');
  expect(html).not.toContain(secret);
  const visible = await page.evaluate(
    () =>
      document.documentElement.outerHTML +
      JSON.stringify({ ...window.localStorage }) +
      JSON.stringify({ ...window.sessionStorage }) +
      document.cookie,
  );
  expect(visible).not.toContain(secret);

  // Signing out goes back to the single sign-on card.
  await page.getByRole('button', { name: 'more' }).click();
  await page.getByRole('menuitem', { name: 'Sign Out' }).click();
  await expect(page.getByText('Single sign-on')).toBeVisible();
});

// Atrium matches a person to a catalog User by one claim only: a verified email that
// exactly one User has (spec.profile.email). Each of these is refused, and says why.
for (const { person, login, why, title, detail } of [
  {
    person: oidcAccounts.zoe,
    login: oidcAccounts.zoe.email,
    why: 'no User has that email',
    title: 'Atrium does not know you yet',
    detail: 'unable to resolve user identity',
  },
  {
    person: oidcAccounts.aeasleyAlias,
    login: oidcAccounts.aeasleyAlias.email,
    why: "an alias whose local part is another person's User name",
    title: 'Atrium does not know you yet',
    detail: 'unable to resolve user identity',
  },
  {
    person: oidcAccounts.adaUnverified,
    // Ada's own account has the same email: log in by username.
    login: oidcAccounts.adaUnverified.preferred_username,
    why: "Ada's email, not verified by the provider",
    title: 'Your account has no verified email address',
    detail: 'user profile does not contain an email',
  },
  {
    person: oidcAccounts.sharedLab,
    login: oidcAccounts.sharedLab.email,
    why: 'an email two Users share',
    title: 'Sign-in failed',
    detail: 'User lookup resulted in multiple matches',
  },
]) {
  test(`sign-in is refused with a reason (${person.preferred_username}: ${why})`, async ({
    page,
  }) => {
    const name = person.preferred_username;
    await signInAtProvider(page, login, `oidc-${name}`);

    const alert = page.getByRole('alert');
    await expect(alert.getByText(title)).toBeVisible();
    // The backend's own reason, for the admin.
    await expect(alert).toContainText(detail);
    await expect(
      sidebar(page).getByRole('link', { name: 'Settings' }),
    ).toHaveCount(0);
    await screenshot(page, `oidc-${name}-refused`);

    // Not signed in behind the message either: a reload shows the card again.
    await page.reload();
    await expect(
      page.getByRole('button', { name: 'Sign In', exact: true }),
    ).toBeVisible();
    await expect(
      sidebar(page).getByRole('link', { name: 'Settings' }),
    ).toHaveCount(0);
  });
}

test('the production-like portal has no demo sign-in, and matches the production config', async ({
  request,
}) => {
  // The demo provider is off with auth.environment: production.
  const demo = await request.get('/api/auth/demo/refresh', {
    headers: { 'x-atrium-demo-user': 'ada' },
  });
  expect(demo.status()).toBe(404);

  // The provider block this suite runs is the one production runs.
  const read = (file: string) =>
    parse(readFileSync(join(__dirname, '..', file), 'utf8'));
  const production = read('app-config.production.yaml');
  const tested = read('e2e-tests/app-config.oidc.yaml');
  expect(tested.auth.providers.oidc.production).toEqual(
    production.auth.providers.oidc.production,
  );
  expect(production.auth.environment).toBe('production');
  expect(production.auth.session.secret).toBe('${AUTH_SESSION_SECRET}');
  expect(production.atrium.signIn.provider).toBe('oidc');
  expect(production.atrium.demo.people).toEqual([]);
  // Nobody outside the catalog gets in, and only by their verified email: no
  // matching by the email's local part.
  const resolvers = production.auth.providers.oidc.production.signIn.resolvers;
  expect(resolvers).toEqual([
    { resolver: 'emailMatchingUserEntityProfileEmail' },
  ]);
  expect(JSON.stringify(production)).not.toContain(
    'dangerouslyAllowSignInWithoutUserInCatalog',
  );
  expect(JSON.stringify(production)).not.toContain('LocalPart');
  // The suite's backend has the demo's catalog, plus the sign-in test Users.
  const demoLocations = read('app-config.yaml').catalog.locations;
  expect(tested.catalog.locations.slice(0, demoLocations.length)).toEqual(
    demoLocations,
  );
  expect(tested.catalog.locations.slice(demoLocations.length)).toEqual([
    {
      type: 'file',
      target: '../../e2e-tests/oidc-catalog.yaml',
      rules: [{ allow: ['User'] }],
    },
  ]);
});
