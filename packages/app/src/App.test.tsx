import { render } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('starts on the sign-in page, offering the configured demo people', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test' },
            atrium: {
              demo: { people: [{ name: 'ada', displayName: 'Ada Lovelace' }] },
            },
            backend: { baseUrl: 'http://localhost:7007' },
            techdocs: {
              storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
            },
          },
          context: 'test',
        },
      ] as any,
    };

    const rendered = render(App.createRoot());

    // The whole app came up (plugins, routes, the sign-in page) and read the config.
    expect(
      await rendered.findByRole(
        'button',
        { name: /Sign in as Ada Lovelace/ },
        { timeout: 20_000 },
      ),
    ).toBeInTheDocument();
    expect(rendered.getByText('Sign in as one of the demo people')).toBeVisible();
  });
});
