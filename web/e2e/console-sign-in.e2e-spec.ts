import type { Page } from 'playwright-core';
import { inviteMember } from '../../server/src/test/member.fixture';
import { checkPage, openBrowser, type Browser } from './browser.harness';
import { consoleLinks, mailCount } from './console.fixture';
import {
  createPortalFixture,
  startPortalStack,
  type PortalFixture,
  type PortalStack,
} from './portal-stack.harness';

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
    expect(await page.getByText('Ava Owner (owner)').count()).toBe(1);
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

  it("signed out, an invoice's address asks to sign in, and the emailed link (opened in another browser) lands on that invoice", async () => {
    const { createInvoice: invoice } = await fixture.member<{
      createInvoice: { id: string; number: string };
    }>(`mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id number } }`, {
      input: {
        projectId: fixture.projectId,
        currency: 'USD',
        lineItems: [{ description: 'Discovery', quantity: 1, unitAmount: 90_000 }],
        dueDate: '2030-01-31T00:00:00.000Z',
      },
    });
    const here = `/app/invoices/${invoice.id}`;
    const desk = await openBrowser(stack.origin);
    const phone = await openBrowser(stack.origin);
    try {
      await desk.page.goto(`${stack.origin}${here}`);
      await desk.page.waitForURL(`**/app/login?next=${encodeURIComponent(here)}`);
      const before = mailCount(stack, fixture.ws.ownerEmail);
      await desk.page.getByLabel('Email address').fill(fixture.ws.ownerEmail);
      await desk.page.getByRole('button', { name: 'Email me a sign-in link' }).click();
      await desk.page.getByRole('heading', { name: 'Check your email' }).waitFor();
      const [link] = await consoleLinks(stack, fixture.ws.ownerEmail, before + 1);
      expect(link.endsWith(`&next=${encodeURIComponent(here)}`)).toBe(true);

      // The phone never saw the first page: the link alone knows where to go.
      await phone.page.goto(link);
      await phone.page.getByRole('button', { name: 'Continue to the console' }).click();
      await phone.page.waitForURL(`**${here}`);
      await phone.page
        .getByRole('heading', { level: 1, name: new RegExp(`Invoice ${invoice.number}`) })
        .waitFor();

      // A link edited to send somewhere else goes home instead.
      const again = mailCount(stack, fixture.ws.ownerEmail);
      await desk.page.getByRole('button', { name: 'Use another email' }).click();
      await desk.page.getByLabel('Email address').fill(fixture.ws.ownerEmail);
      await desk.page.getByRole('button', { name: 'Email me a sign-in link' }).click();
      await desk.page.getByRole('heading', { name: 'Check your email' }).waitFor();
      const [second] = await consoleLinks(stack, fixture.ws.ownerEmail, again + 1);
      const forged = second.replace(/&next=.*$/, `&next=${encodeURIComponent('https://evil.test/app/')}`);
      const third = await openBrowser(stack.origin);
      try {
        await third.page.goto(forged);
        await third.page.getByRole('button', { name: 'Continue to the console' }).click();
        await third.page.waitForURL(`${stack.origin}/app/`);
        await third.page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
      } finally {
        await third.close();
      }
    } finally {
      await desk.close();
      await phone.close();
    }
  });
});
