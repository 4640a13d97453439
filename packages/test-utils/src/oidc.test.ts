import { startOidcProvider, type StartedOidcProvider } from './oidc';

jest.setTimeout(60_000);

const client = {
  client_id: 'atrium-test',
  client_secret: 'test-client-secret-0123456789',
  redirect_uris: ['http://127.0.0.1:9/api/auth/oidc/handler/frame'],
};
const ada = {
  sub: 'kc-0001-ada',
  email: 'ada@atrium.example',
  preferred_username: 'ada',
  name: 'Ada Lovelace',
};

let op: StartedOidcProvider;

beforeAll(async () => {
  op = await startOidcProvider({ clients: [client], accounts: [ada] });
});

afterAll(async () => {
  await op?.stop();
});

/** Follows redirects by hand, keeping the provider's cookies, until it leaves the provider. */
class Browser {
  private readonly cookies = new Map<string, string>();

  async request(
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<{ url: string; status: number; body: string }> {
    let current = url;
    let method = init.method ?? 'GET';
    let body = init.form
      ? new URLSearchParams(init.form).toString()
      : undefined;
    for (let hop = 0; hop < 10; hop++) {
      if (!current.startsWith(op.issuer)) {
        return { url: current, status: 0, body: '' };
      }
      const res = await fetch(current, {
        method,
        redirect: 'manual',
        body,
        headers: {
          cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(body
            ? { 'content-type': 'application/x-www-form-urlencoded' }
            : {}),
        },
      });
      for (const cookie of res.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const eq = pair.indexOf('=');
        this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) {
        return { url: current, status: res.status, body: await res.text() };
      }
      current = new URL(location, current).toString();
      method = 'GET';
      body = undefined;
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

function formAction(html: string, base: string): string {
  const action = html.match(/<form[^>]*action="([^"]+)"/)?.[1];
  if (!action) throw new Error(`no form in:\n${html}`);
  return new URL(action.replace(/&amp;/g, '&'), base).toString();
}

describe('startOidcProvider', () => {
  it('answers discovery for its issuer', async () => {
    expect(op.metadataUrl).toBe(
      `${op.issuer}/.well-known/openid-configuration`,
    );
    const res = await fetch(op.metadataUrl);
    expect(res.status).toBe(200);
    const metadata = await res.json();
    expect(metadata).toMatchObject({
      issuer: op.issuer,
      authorization_endpoint: `${op.issuer}/auth`,
      token_endpoint: `${op.issuer}/token`,
      userinfo_endpoint: `${op.issuer}/me`,
      jwks_uri: `${op.issuer}/jwks`,
    });
    expect(metadata.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'email', 'profile']),
    );
    const jwks = await (await fetch(metadata.jwks_uri)).json();
    expect(
      jwks.keys.map((k: { alg?: string; kty: string }) => k.kty),
    ).toContain('RSA');
  });

  it('logs a person in on its development pages and tells the client who they are', async () => {
    const browser = new Browser();
    const state = 'state-123';
    const authorize = new URL(`${op.issuer}/auth`);
    authorize.search = new URLSearchParams({
      client_id: client.client_id,
      redirect_uri: client.redirect_uris[0],
      response_type: 'code',
      scope: 'openid profile email',
      state,
      nonce: 'nonce-123',
    }).toString();

    // The login form: the username (Keycloak also takes it) and any password.
    const login = await browser.request(authorize.toString());
    expect(login.status).toBe(200);
    expect(login.body).toContain('name="login"');
    // Then the consent page, then back to the client with a code.
    const consent = await browser.request(formAction(login.body, login.url), {
      method: 'POST',
      form: { prompt: 'login', login: 'ada', password: 'anything' },
    });
    expect(consent.status).toBe(200);
    expect(consent.body).toContain('value="consent"');
    const back = await browser.request(formAction(consent.body, consent.url), {
      method: 'POST',
      form: { prompt: 'consent' },
    });
    const callback = new URL(back.url);
    expect(`${callback.origin}${callback.pathname}`).toBe(
      client.redirect_uris[0],
    );
    expect(callback.searchParams.get('state')).toBe(state);
    expect(callback.searchParams.get('iss')).toBe(op.issuer);
    const code = callback.searchParams.get('code')!;
    expect(code).toBeTruthy();

    // What the Atrium backend does with the code (client_secret_basic).
    const token = await fetch(`${op.issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(
          `${client.client_id}:${client.client_secret}`,
        ).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: client.redirect_uris[0],
      }),
    });
    expect(token.status).toBe(200);
    const tokens = await token.json();
    expect(tokens).toMatchObject({ token_type: 'Bearer' });
    // Issued without offline_access, like Keycloak: Backstage refreshes sessions with it.
    expect(tokens.refresh_token).toBeTruthy();
    const idToken = JSON.parse(
      Buffer.from(tokens.id_token.split('.')[1], 'base64url').toString(),
    );
    expect(idToken).toMatchObject({
      iss: op.issuer,
      aud: client.client_id,
      sub: ada.sub,
      nonce: 'nonce-123',
    });

    const userinfo = await fetch(`${op.issuer}/me`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(await userinfo.json()).toEqual({
      sub: ada.sub,
      email: ada.email,
      email_verified: true,
      preferred_username: 'ada',
      name: 'Ada Lovelace',
    });

    // A wrong client secret gets nothing.
    const stolen = await fetch(`${op.issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(
          `${client.client_id}:wrong`,
        ).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
      }),
    });
    expect(stolen.status).toBe(401);
  });

  it('sends a login that matches no account back to the client as access_denied', async () => {
    const browser = new Browser();
    const authorize = new URL(`${op.issuer}/auth`);
    authorize.search = new URLSearchParams({
      client_id: client.client_id,
      redirect_uri: client.redirect_uris[0],
      response_type: 'code',
      scope: 'openid profile email',
      state: 'state-456',
    }).toString();
    const login = await browser.request(authorize.toString());
    const back = await browser.request(formAction(login.body, login.url), {
      method: 'POST',
      form: { prompt: 'login', login: 'mallory', password: 'x' },
    });
    const callback = new URL(back.url);
    expect(`${callback.origin}${callback.pathname}`).toBe(
      client.redirect_uris[0],
    );
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('error_description')).toBe(
      "No account 'mallory' at this provider",
    );
    expect(callback.searchParams.get('code')).toBeNull();
  });

  it('stop() ends the provider', async () => {
    const other = await startOidcProvider({ clients: [client], accounts: [] });
    expect((await fetch(other.metadataUrl)).status).toBe(200);
    await other.stop();
    await expect(fetch(other.metadataUrl)).rejects.toThrow();
  });
});
