import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const demoPeople = [
  { name: 'ada', displayName: 'Ada Lovelace', role: 'data-scientist' },
  { name: 'grace', displayName: 'Grace Hopper', role: 'data-scientist' },
  { name: 'margaret', displayName: 'Margaret Hamilton', role: 'admin' },
  { name: 'linus', displayName: 'Linus Torvalds', role: 'devops' },
] as const;

export type DemoPerson = (typeof demoPeople)[number];

const screenshotDir = join(__dirname, '..', 'test-results', 'screenshots');

/** Saves a full-page screenshot under test-results/screenshots (ignored by git). */
export async function screenshot(page: Page, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({
    path: join(screenshotDir, `${name}.png`),
    fullPage: true,
  });
}

/** Signs in through the demo picker, the way a visitor does. */
export async function signInAs(page: Page, person: DemoPerson) {
  await page.goto('/');
  await page
    .getByRole('button', { name: `Sign in as ${person.displayName}` })
    .click();
  await expect(
    sidebar(page).getByRole('link', { name: 'Settings' }),
  ).toBeVisible();
}

/** The sidebar (its <nav> has no box of its own, so check what is inside it). */
export function sidebar(page: Page) {
  return page.getByRole('navigation', { name: 'sidebar nav' });
}

/** A Backstage token for a demo person, from the real demo sign-in provider. */
export async function tokenFor(
  request: APIRequestContext,
  name: string,
): Promise<string> {
  const res = await request.get('/api/auth/demo/refresh', {
    headers: { 'x-atrium-demo-user': name },
  });
  expect(res.status()).toBe(200);
  return (await res.json()).backstageIdentity.token;
}
