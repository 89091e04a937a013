import type { Page } from 'playwright-core';
import { uploadDocument } from '../../server/src/test/upload.fixture';
import { checkPage, openBrowser, type Browser } from './browser.harness';
import { deliverCheckoutPaid, requestLinkThroughPages } from './portal-pages.fixture';
import {
  createPortalFixture,
  startPortalStack,
  type PortalFixture,
  type PortalStack,
} from './portal-stack.harness';

const CHECKOUT_HOST = 'https://checkout.stripe.test';

/**
 * One contact's whole visit, as the issue tells it: from the sign-in email to
 * paying an invoice and signing out, against the real service, its email
 * worker, and the SendGrid and Stripe doubles.
 */
describe('a client’s whole journey through the portal', () => {
  let stack: PortalStack;
  let browser: Browser;
  let page: Page;
  let fixture: PortalFixture;
  let invoice: { id: string; number: string };

  beforeAll(async () => {
    stack = await startPortalStack();
    fixture = await createPortalFixture(stack.api);
    const { member, projectId } = fixture;
    await member(
      `mutation($p: ID!) { shareLink(projectId: $p, title: "Style guide", url: "https://example.com/style") { id } }`,
      {
        p: projectId,
      },
    );
    await uploadDocument(
      stack.api,
      fixture.ws.token,
      projectId,
      'Proposal.pdf',
      Buffer.from('%PDF-1.4 proposal'),
    );
    invoice = (
      await member<{ createInvoice: { id: string; number: string } }>(
        `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id number } }`,
        {
          input: {
            projectId,
            currency: 'USD',
            lineItems: [{ description: 'Design sprint', quantity: 1, unitAmount: 240_000 }],
            dueDate: '2030-01-31T00:00:00.000Z',
          },
        },
      )
    ).createInvoice;
    await member(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id: invoice.id });
    await member(
      `mutation($p: ID!) { createTask(input: { projectId: $p, title: "Send the logo files" }) { id } }`,
      {
        p: projectId,
      },
    );
    browser = await openBrowser(stack.origin, [stack.s3Origin]);
    page = browser.page;
    // Stripe's hosted Checkout, played by a page of the test's own.
    await page.route(`${CHECKOUT_HOST}/**`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><title>Checkout</title><h1>Checkout</h1>',
      }),
    );
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('signs in by email, sees the project, uploads, pays, sees Tasks only when shared, signs out', async () => {
    const slug = fixture.ws.slug;

    // 1. The sign-in email, read from what SendGrid was asked to send; the link opens the auth page.
    const link = await requestLinkThroughPages(page, stack, slug, fixture.contact.email);
    expect(new URL(link).pathname).toBe(`/p/${slug}/auth`);
    await page.goto(link);
    await page.getByRole('button', { name: 'Continue to Northwind Studio' }).click();

    // 2. The projects, then the project's Overview: timeline and documents.
    await page.getByRole('heading', { name: 'Projects', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Website relaunch' }).click();
    await page.getByRole('heading', { name: 'Website relaunch' }).waitFor();
    expect(await page.title()).toBe('Overview · Website relaunch · Northwind Studio');
    const activity = page.getByRole('list', { name: 'Activity, newest first' });
    await activity.getByText(/sent invoice INV-0001/).waitFor();
    const documents = page.getByRole('list', { name: 'Files and links, newest first' });
    await documents.getByRole('link', { name: 'Download Proposal.pdf' }).waitFor();
    expect(await documents.getByRole('link', { name: /^Open Style guide/ }).getAttribute('href')).toBe(
      'https://example.com/style',
    );
    // Tasks are not shared (OFF): no Tasks tab.
    expect(await page.getByRole('tab').allTextContents()).toEqual(['Overview', 'Billing']);
    await checkPage(page, 'journey-overview');

    // 3. Upload a file: it is listed and in the timeline.
    await page.getByLabel('Files to upload').setInputFiles({
      name: 'Feedback.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Looks great, two small changes.'),
    });
    await documents.getByRole('link', { name: 'Download Feedback.txt' }).waitFor({ timeout: 20_000 });
    await activity.getByText('Jane Smith uploaded Feedback.txt').waitFor();

    // 4. Billing: the invoice, Pay → Stripe Checkout (the double's session).
    await page.getByRole('tab', { name: 'Billing' }).click();
    const card = page.getByRole('article', { name: invoice.number });
    await card.waitFor();
    expect(await page.title()).toBe('Billing · Website relaunch · Northwind Studio');
    expect(await card.locator('.invoice-badge').allTextContents()).toEqual(['Sent']);
    await card.getByRole('button', { name: new RegExp(`^Pay .* for ${invoice.number}$`) }).click();
    await page.waitForURL(`${CHECKOUT_HOST}/**`);
    const session = stack.stripe.checkouts.at(-1)!;
    expect(session.form).toMatchObject({
      client_reference_id: invoice.id,
      'line_items[0][price_data][unit_amount]': '240000',
    });

    // 5. Back from Checkout; Stripe's signed webhook arrives; the invoice is PAID without a reload.
    await page.goto(session.form.success_url);
    await page.getByRole('status').filter({ hasText: 'Payment processing' }).waitFor();
    const delivered = await deliverCheckoutPaid(stack, {
      invoiceId: invoice.id,
      workspaceId: fixture.ws.workspaceId,
      amount: 240_000,
    });
    expect(delivered.status).toBe(200);
    await page.getByRole('status').filter({ hasText: 'Payment received' }).waitFor({ timeout: 15_000 });
    expect(await card.locator('.invoice-badge').allTextContents()).toEqual(['Paid']);
    await checkPage(page, 'journey-paid');

    // 6. The freelancer shares every task: the Tasks tab appears (on the next page load) and lists it.
    await fixture.member(
      `mutation { updateTaskSettings(input: { visibility: ALL, clientsCanCreate: true, clientsCanEdit: true, clientsCanComment: true }) { id } }`,
    );
    await page.goto(`${stack.origin}/p/${slug}/projects/${fixture.projectId}`);
    await page.getByRole('tab', { name: 'Tasks' }).click();
    await page.getByRole('heading', { name: 'Send the logo files' }).waitFor();
    await checkPage(page, 'journey-tasks');

    // 7. Sign out: back on the sign-in page, and the projects are closed to this browser.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`**/p/${slug}/login?reason=signed-out`);
    await page.getByText('You have signed out.').waitFor();
    await page.goto(`${stack.origin}/p/${slug}/projects`);
    await page.waitForURL(
      (url) => url.pathname === `/p/${slug}/login` && url.searchParams.get('next') === `/p/${slug}/projects`,
    );

    expect(browser.foreignRequests).toEqual([]);
    expect(browser.policyViolations).toEqual([]);
  }, 120_000);
});
