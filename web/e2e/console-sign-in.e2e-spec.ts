import type { Page } from 'playwright-core';
import { inviteMember } from '../../server/src/test/member.fixture';
import { checkPage, openBrowser, type Browser } from './browser.harness';
import {
  createPortalFixture,
  startPortalStack,
  type PortalFixture,
  type PortalStack,
} from './portal-stack.harness';

/** The console link in the newest email to `email` (waits for the `count`th). */
async function consoleLinks(stack: PortalStack, email: string, count = 1): Promise<string[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const mails = stack.sendgrid.mails.filter((mail) => mail.personalizations[0].to[0].email === email);
    if (mails.length >= count) {
      const text: string = mails[mails.length - 1].content.find(
        (c: { type: string }) => c.type === 'text/plain',
      ).value;
      return [...text.matchAll(/(https?:\/\/\S+\/app\/auth\?token=[\w-]+)/g)].map((match) => match[1]);
    }
    if (Date.now() > deadline) throw new Error(`no email ${count} to ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the console: a member signs in from an email, in Chromium', () => {
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

  it('asks for the email, answers the same for anyone, and the link signs in only when its button is pressed', async () => {
    await page.goto(`${stack.origin}/app/login`);
    await page.getByRole('heading', { name: 'Sign in to your console' }).waitFor();
    await checkPage(page, 'console-login');
    await page.getByLabel('Email address').fill(fixture.ws.ownerEmail);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await checkPage(page, 'console-login-sent');

    const [link] = await consoleLinks(stack, fixture.ws.ownerEmail);
    expect(link.startsWith(`${stack.origin}/app/auth?token=`)).toBe(true);
    await page.goto(link);
    const proceed = page.getByRole('button', { name: 'Continue to the console' });
    await proceed.waitFor();
    await checkPage(page, 'console-auth');
    // Opening the page spent nothing: the same link still signs in, by the button.
    await proceed.click();
    await page.waitForURL('**/app/');
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    expect(await page.getByRole('cell', { name: /Ava Owner/ }).count()).toBe(1);
    await checkPage(page, 'console-home');

    // Used once: the link now shows why, with the way to a new one.
    await page.goto(link);
    await page.getByRole('button', { name: 'Continue to the console' }).click();
    await page.getByRole('heading', { name: 'This link cannot be used' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/used or has expired/);
  });

  it('an invited teammate accepts from the email and sees the same workspace; sign out ends the session', async () => {
    await inviteMember(stack.api, fixture.ws, { name: 'Tom Teammate', email: 'tom@northwind.test' });
    const [link] = await consoleLinks(stack, 'tom@northwind.test');
    // Tom on a browser of his own.
    const his = await openBrowser(stack.origin);
    const teammate = his.page;
    try {
      await teammate.goto(link);
      await teammate.getByRole('button', { name: 'Continue to the console' }).click();
      await teammate.waitForURL('**/app/');
      await teammate.getByRole('heading', { name: 'Home' }).waitFor();
      const workspace = await stack.api.context.services.workspaces.byId(fixture.ws.workspaceId);
      expect(await teammate.locator('.console-header__title').textContent()).toBe(workspace!.name);
      expect(await teammate.getByText('Tom Teammate (member)').count()).toBe(1);

      await teammate.getByRole('button', { name: 'Sign out' }).click();
      await teammate.waitForURL('**/app/login?reason=signed-out');
      await teammate.getByText('You have signed out.').waitFor();
      await teammate.goto(`${stack.origin}/app/`);
      await teammate.waitForURL('**/app/login**');
      expect(his.foreignRequests).toEqual([]);
    } finally {
      await his.close();
    }
  });
});
