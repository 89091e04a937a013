import type { Page } from 'playwright-core';
import { ok } from '../../server/src/test/api.harness';
import { checkPage, openBrowser, type Browser } from './browser.harness';
import { requestLinkThroughPages } from './portal-pages.fixture';
import {
  signInLinkFor,
  createPortalFixture,
  startPortalStack,
  type PortalFixture,
  type PortalStack,
} from './portal-stack.harness';

describe('portal sign-in in Chromium', () => {
  let stack: PortalStack;
  let browser: Browser;
  let page: Page;
  let fixture: PortalFixture;

  beforeAll(async () => {
    stack = await startPortalStack();
    fixture = await createPortalFixture(stack.api);
    browser = await openBrowser(stack.origin);
    page = browser.page;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const loginUrl = () => `${stack.origin}/p/${fixture.ws.slug}/login`;
  const requestLink = (email: string) => requestLinkThroughPages(page, stack, fixture.ws.slug, email);

  it('shows the branded sign-in page and the same answer for an unknown email', async () => {
    await page.goto(loginUrl());
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.title()).toBe('Sign in · Northwind Studio');
    expect(await page.locator('.sign-in__company').textContent()).toBe('Northwind Studio');
    await checkPage(page, 'login');

    const before = stack.sendgrid.requests.length;
    await page.getByLabel('Email address').fill('nobody@elsewhere.test');
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'nobody@elsewhere.test' }).count()).toBe(1);
    await checkPage(page, 'login-sent');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stack.sendgrid.requests.length).toBe(before);
  });

  it('opening the link uses nothing; Continue signs in and shows the projects', async () => {
    const link = await requestLink(fixture.contact.email);
    expect(link.startsWith(`${stack.origin}/p/${fixture.ws.slug}/auth?token=`)).toBe(true);
    await page.goto(link);
    const proceed = page.getByRole('button', { name: 'Continue to Northwind Studio' });
    await proceed.waitFor();
    await checkPage(page, 'auth');
    // Opening the page spent nothing: the token still works once, here, by the button.
    await proceed.click();
    await page.waitForURL(`**/p/${fixture.ws.slug}/projects`);
    await page.getByRole('heading', { name: 'Projects', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Website relaunch' }).waitFor();
    expect(await page.locator('.account__contact').textContent()).toBe('Jane Smith');
    await checkPage(page, 'projects');

    // The same link again: used, and the page says so with a form for a new one.
    await page.goto(link);
    await page.getByRole('button', { name: 'Continue to Northwind Studio' }).click();
    await page.getByRole('heading', { name: 'This link cannot be used' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('has been used or has expired');
    await page.getByLabel('Email address').waitFor();
    await checkPage(page, 'auth-used');
  });

  it('a session that ends mid-use sends the contact to sign in with a message; sign-out too', async () => {
    const link = await requestLink(fixture.contact.email);
    await page.goto(link);
    await page.getByRole('button', { name: 'Continue to Northwind Studio' }).click();
    await page.getByRole('heading', { name: 'Projects', exact: true }).waitFor();

    // The freelancer changes the contact's email: the session ends; the next request finds out.
    await fixture.member(
      `mutation($id: ID!, $e: String!) { changeContactEmail(contactId: $id, email: $e) { id } }`,
      {
        id: fixture.contact.id,
        e: fixture.contact.email.replace('jane-', 'jane.smith-'),
      },
    );
    await page.getByRole('link', { name: 'Website relaunch' }).click();
    // Sent to sign in, with a way back to the project it was opening.
    await page.waitForURL(
      (url) =>
        url.pathname === `/p/${fixture.ws.slug}/login` &&
        url.searchParams.get('reason') === 'session-ended' &&
        url.searchParams.get('next') === `/p/${fixture.ws.slug}/projects/${fixture.projectId}`,
    );
    await page.getByText('Your session has ended').waitFor();

    // Back with the new email, then sign out.
    fixture.contact.email = fixture.contact.email.replace('jane-', 'jane.smith-');
    await page.goto(await requestLink(fixture.contact.email));
    await page.getByRole('button', { name: 'Continue to Northwind Studio' }).click();
    await page.getByRole('heading', { name: 'Projects', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`**/p/${fixture.ws.slug}/login?reason=signed-out`);
    await page.goto(`${stack.origin}/p/${fixture.ws.slug}/projects`);
    await page.waitForURL(
      (url) =>
        url.pathname === `/p/${fixture.ws.slug}/login` &&
        url.searchParams.get('next') === `/p/${fixture.ws.slug}/projects`,
    );
    expect(browser.foreignRequests).toEqual([]);
  });

  /** What has the keyboard's focus, and whether it shows a ring (the :focus-visible outline). */
  const focused = () =>
    page.evaluate<{ text: string; id: string; ring: boolean }>(`(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return { text: (el.textContent || '').trim(), id: el.id, ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 };
    })()`);

  it('works from the keyboard alone, with a visible focus ring', async () => {
    await page.goto(loginUrl());
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ id: 'email', ring: true });
    await page.keyboard.type(fixture.contact.email);
    const before = stack.sendgrid.requests.length;
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();

    await page.goto(await signInLinkFor(stack, fixture.contact.email, before));
    await page.getByRole('button', { name: 'Continue to Northwind Studio' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await focused()).toEqual({ text: 'Continue to Northwind Studio', id: '', ring: true });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Projects', exact: true }).waitFor();

    // Skip link, home, sign out, then the project.
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      const now = await focused();
      expect({ now: now.text, ring: now.ring }).toEqual({ now: now.text, ring: true });
      order.push(now.text);
    }
    expect(order).toEqual(['Skip to content', 'Northwind Studio', 'Sign out', 'Website relaunch']);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Website relaunch' }).waitFor();

    // The tabs: arrow keys move between them.
    await page.getByRole('tab', { name: 'Overview' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(/tab=billing/);
    expect(await focused()).toMatchObject({ text: 'Billing', ring: true });
    expect(await page.getByRole('tab', { name: 'Billing' }).getAttribute('aria-selected')).toBe('true');
  });

  it('a failed load says so and offers to try again', async () => {
    let failed = 0;
    await page.route(`${stack.origin}/graphql`, (route) => {
      if (failed === 0 && /query Projects/.test(route.request().postData() ?? '')) {
        failed++;
        return route.abort('connectionfailed');
      }
      return route.fallback();
    });
    await page.goto(`${stack.origin}/p/${fixture.ws.slug}/projects`);
    await page.getByRole('alert').filter({ hasText: 'cannot be reached' }).waitFor();
    await checkPage(page, 'projects-error');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('link', { name: 'Website relaunch' }).waitFor();
    await page.unroute(`${stack.origin}/graphql`);
    expect(failed).toBe(1);
  });

  it('a portal that is off says so, and so does an unknown one', async () => {
    await fixture.member(`mutation { setPortalEnabled(enabled: false) { id } }`);
    await page.goto(loginUrl());
    await page.getByText('This client portal is turned off').waitFor();
    await checkPage(page, 'portal-off');
    ok(await stack.api.gql(`mutation { setPortalEnabled(enabled: true) { id } }`, {}, fixture.ws.token));

    // An address that names no portal says so too.
    await page.goto(`${stack.origin}/p/no-such-studio/login`);
    await page.getByRole('heading', { name: 'Portal not found' }).waitFor();
    await checkPage(page, 'portal-not-found');
  });
});
