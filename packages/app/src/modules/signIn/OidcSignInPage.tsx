import { SignInPage } from '@backstage/core-components';
import type { SignInPageProps } from '@backstage/core-plugin-api';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { OIDC_DEFAULT_TITLE, oidcAuthApiRef } from './oidcAuthApi';

export const OIDC_DEFAULT_MESSAGE =
  'Sign in with your organisation account (Keycloak)';

/** What went wrong, in words that say what to do next. */
export function describeSignInError(error: Error): {
  title: string;
  text: string;
} {
  const { name, message } = error;
  // The backend's sign-in resolver found no catalog User with the person's verified
  // email (the domain message is from an older config matching by username).
  if (
    name === 'NotFoundError' ||
    /unable to resolve user identity|not from an allowed domain|not found in the catalog/i.test(
      message,
    )
  ) {
    return {
      title: 'Atrium does not know you yet',
      text:
        'Your organisation account signed you in, but no Atrium user matches it ' +
        '(Atrium looks people up in its catalog by their verified email address). ' +
        'Ask a platform admin to add you to the catalog, then sign in again.',
    };
  }
  if (/does not contain an email/i.test(message)) {
    return {
      title: 'Your account has no verified email address',
      text:
        'Atrium finds people by their verified email address. Ask the admin of ' +
        'your identity provider to verify your email (in Keycloak: Users, your ' +
        'user, "Email verified"), then sign in again.',
    };
  }
  if (name === 'PopupClosedError') {
    return {
      title: 'Sign-in was not finished',
      text: 'The sign-in window was closed. Select Sign in to try again.',
    };
  }
  return {
    title: 'Sign-in failed',
    text:
      'Select Sign in to try again. If it keeps failing, ask a platform admin ' +
      'and quote the details below.',
  };
}

function SignInError(props: { error?: Error }) {
  if (!props.error) return null;
  const { title, text } = describeSignInError(props.error);
  return (
    <Box mt={2} role="alert">
      <Typography variant="subtitle1" color="error" gutterBottom>
        {title}
      </Typography>
      <Typography variant="body2" paragraph>
        {text}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        Details: {props.error.message}
      </Typography>
    </Box>
  );
}

/**
 * Single sign-on: one card whose Sign in button opens the OpenID Provider (Keycloak) in
 * a popup through the backend's `oidc` provider. A session the backend can still
 * refresh signs the person in without the popup (a reload keeps them signed in).
 */
export function OidcSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  return (
    <SignInPage
      {...props}
      provider={{
        id: 'oidc-auth-provider',
        title:
          config.getOptionalString('atrium.signIn.title') ?? OIDC_DEFAULT_TITLE,
        message:
          config.getOptionalString('atrium.signIn.message') ??
          OIDC_DEFAULT_MESSAGE,
        apiRef: oidcAuthApiRef,
      }}
      ErrorComponent={SignInError}
    />
  );
}
