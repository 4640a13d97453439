import { useEffect, useState } from 'react';
import {
  Content,
  Header,
  Page,
  ProxiedSignInPage,
  WarningPanel,
} from '@backstage/core-components';
import type { IdentityApi } from '@backstage/frontend-plugin-api';
import type { SignInPageProps } from '@backstage/core-plugin-api';
import {
  Avatar,
  Button,
  Card,
  CardActions,
  CardContent,
  Grid,
  Typography,
} from '@material-ui/core';

/** Remembers the chosen person so a reload signs in as the same one. */
export const DEMO_PERSON_STORAGE_KEY = 'atrium.demo.person';
/** Read by the backend's demo sign-in provider (auth-backend-module-demo-provider). */
const DEMO_USER_HEADER = 'x-atrium-demo-user';

export interface DemoPerson {
  name: string;
  displayName?: string;
  description?: string;
}

/** Signing out also forgets the chosen person, so the picker shows again. */
function forgetPersonOnSignOut(identity: IdentityApi): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    signOut: async () => {
      window.localStorage.removeItem(DEMO_PERSON_STORAGE_KEY);
      await identity.signOut();
    },
  };
}

function initials(person: DemoPerson) {
  return (person.displayName ?? person.name)
    .split(/\s+/)
    .map(part => part[0]?.toUpperCase())
    .join('')
    .slice(0, 2);
}

function PersonPicker(props: {
  people: DemoPerson[];
  onPick(name: string): void;
  error?: Error;
}) {
  return (
    <Page themeId="home">
      <Header
        title="Atrium"
        subtitle="The portal of your data-science platform"
      />
      <Content>
        {props.error && (
          <WarningPanel severity="error" title="Sign-in failed" defaultExpanded>
            {props.error.message}. Pick a person again; if it keeps failing,
            check that the backend runs with the demo config (yarn start) and
            that the person is in the catalog (examples/org.yaml).
          </WarningPanel>
        )}
        <Typography variant="h5" gutterBottom>
          Sign in as one of the demo people
        </Typography>
        <Typography variant="body1" paragraph>
          This is Atrium's embedded demo. Each person has a different role, so
          the portal shows each of them what they may do. Sign out (Settings) to
          switch person. In production Atrium signs people in through your
          identity provider instead.
        </Typography>
        <Grid container spacing={3}>
          {props.people.map(person => (
            <Grid item xs={12} sm={6} md={3} key={person.name}>
              <Card>
                <CardContent>
                  <Avatar>{initials(person)}</Avatar>
                  <Typography variant="h6">
                    {person.displayName ?? person.name}
                  </Typography>
                  <Typography variant="body2" color="textSecondary">
                    {person.description}
                  </Typography>
                </CardContent>
                <CardActions>
                  <Button
                    color="primary"
                    variant="contained"
                    onClick={() => props.onPick(person.name)}
                    aria-label={`Sign in as ${
                      person.displayName ?? person.name
                    }`}
                  >
                    Sign in
                  </Button>
                </CardActions>
              </Card>
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
}

/** A failed sign-in goes back to the picker, with the reason shown above it. */
function BackToPicker(props: { error?: Error; onError(error: Error): void }) {
  const { error, onError } = props;
  useEffect(() => {
    onError(error ?? new Error('Sign-in failed'));
  }, [error, onError]);
  return null;
}

/**
 * The embedded demo's sign-in: pick a person, then sign in through the backend's `demo`
 * proxy provider, which issues a real Backstage token for that catalog user.
 */
export function DemoSignInPage(
  props: SignInPageProps & { people: DemoPerson[] },
) {
  const { people, onSignInSuccess } = props;
  const [chosen, setChosen] = useState(() =>
    window.localStorage.getItem(DEMO_PERSON_STORAGE_KEY),
  );
  const [error, setError] = useState<Error>();

  if (!chosen || !people.some(p => p.name === chosen)) {
    return (
      <PersonPicker
        people={people}
        error={error}
        onPick={name => {
          window.localStorage.setItem(DEMO_PERSON_STORAGE_KEY, name);
          setError(undefined);
          setChosen(name);
        }}
      />
    );
  }

  return (
    <ProxiedSignInPage
      provider="demo"
      headers={() => ({
        [DEMO_USER_HEADER]:
          window.localStorage.getItem(DEMO_PERSON_STORAGE_KEY) ?? '',
      })}
      onSignInSuccess={identity =>
        onSignInSuccess(forgetPersonOnSignOut(identity))
      }
      ErrorComponent={({ error: signInError }) => (
        <BackToPicker
          error={signInError}
          onError={e => {
            window.localStorage.removeItem(DEMO_PERSON_STORAGE_KEY);
            setError(e);
            setChosen(null);
          }}
        />
      )}
    />
  );
}
