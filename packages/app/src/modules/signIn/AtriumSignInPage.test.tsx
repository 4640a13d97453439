import { fireEvent, screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { AtriumSignInPage } from './AtriumSignInPage';
import { describeSignInError } from './OidcSignInPage';
import { oidcAuthApiRef } from './oidcAuthApi';

/** What the backend's oidc provider answers when no resolver finds a catalog User. */
const NOT_IN_CATALOG =
  'Failed to sign-in, unable to resolve user identity. Please verify that your catalog contains the expected User entities that would match your configured sign-in resolver.';

function fakeOidcApi(signIn: () => Promise<never>) {
  return {
    getBackstageIdentity: jest.fn(async (options?: { optional?: boolean }) =>
      options?.optional ? undefined : signIn(),
    ),
    getProfile: jest.fn(),
    getAccessToken: jest.fn(),
    getIdToken: jest.fn(),
    signIn: jest.fn(),
    signOut: jest.fn(),
    sessionState$: jest.fn(),
  } as any;
}

const demoPeople = [{ name: 'ada', displayName: 'Ada Lovelace' }];

describe('AtriumSignInPage', () => {
  it('offers single sign-on when atrium.signIn.provider is oidc, even with demo people', async () => {
    await renderInTestApp(<AtriumSignInPage onSignInSuccess={jest.fn()} />, {
      config: {
        app: { title: 'Atrium' },
        atrium: { signIn: { provider: 'oidc' }, demo: { people: demoPeople } },
      },
      apis: [
        [oidcAuthApiRef, fakeOidcApi(() => Promise.reject(new Error('x')))],
      ],
    });
    expect(await screen.findByText('Single sign-on')).toBeInTheDocument();
    expect(
      screen.getByText('Sign in with your organisation account (Keycloak)'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Sign in as/)).not.toBeInTheDocument();
  });

  it('tells a person the catalog does not know to ask an admin', async () => {
    const refused = Object.assign(new Error(NOT_IN_CATALOG), { name: 'Error' });
    const api = fakeOidcApi(() => Promise.reject(refused));
    await renderInTestApp(<AtriumSignInPage onSignInSuccess={jest.fn()} />, {
      config: {
        app: { title: 'Atrium' },
        atrium: {
          signIn: {
            provider: 'oidc',
            title: 'Example SSO',
            message: 'Use your Example account',
          },
        },
      },
      apis: [[oidcAuthApiRef, api]],
    });
    expect(await screen.findByText('Example SSO')).toBeInTheDocument();
    expect(screen.getByText('Use your Example account')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Sign In' }));

    expect(
      await screen.findByText('Atrium does not know you yet'),
    ).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      /Ask a platform admin to add you to the catalog/,
    );
    expect(api.getBackstageIdentity).toHaveBeenLastCalledWith({
      instantPopup: true,
    });
  });

  it('keeps the demo picker as the default when demo people are configured', async () => {
    await renderInTestApp(<AtriumSignInPage onSignInSuccess={jest.fn()} />, {
      config: { atrium: { demo: { people: demoPeople } } },
    });
    expect(
      await screen.findByRole('button', { name: 'Sign in as Ada Lovelace' }),
    ).toBeInTheDocument();
  });

  it('says no sign-in method is configured when there is none', async () => {
    await renderInTestApp(<AtriumSignInPage onSignInSuccess={jest.fn()} />, {
      config: { atrium: { signIn: { provider: 'demo' } } },
    });
    expect(
      await screen.findByText('No sign-in method is configured'),
    ).toBeInTheDocument();
  });
});

describe('describeSignInError', () => {
  it.each([
    [new Error(NOT_IN_CATALOG), 'Atrium does not know you yet'],
    [
      Object.assign(
        new Error('Sign-in user email is not from an allowed domain'),
        { name: 'NotAllowedError' },
      ),
      'Atrium does not know you yet',
    ],
    [
      new Error('Login failed, user profile does not contain an email'),
      'Your account has no verified email address',
    ],
    [
      Object.assign(new Error('Login failed, popup was closed'), {
        name: 'PopupClosedError',
      }),
      'Sign-in was not finished',
    ],
    [
      new Error('Authentication failed, connect ECONNREFUSED'),
      'Sign-in failed',
    ],
  ])('%s', (error, title) => {
    expect(describeSignInError(error).title).toBe(title);
  });
});
