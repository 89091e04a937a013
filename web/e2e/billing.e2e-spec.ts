import type { Locator, Page, Route } from 'playwright-core';
import { checkPage, openBrowser, type Browser } from './browser.harness';
import {
  createPortalFixture,
  startPortalStack,
  type PortalFixture,
  type PortalStack,
} from './portal-stack.harness';
import { deliverCheckoutPaid, signInThroughPages } from './portal-pages.fixture';

/** Where the Stripe double sends the browser; page.route answers it, so nothing leaves the machine. */
const CHECKOUT_HOST = 'https://checkout.stripe.test';

interface MadeInvoice {
  id: string;
  number: string;
}

describe('the Billing tab in Chromium', () => {
  let stack: PortalStack;
  let browser: Browser;
  let page: Page;
  let fixture: PortalFixture;
  /** Sent, due next month: 2 × $500 + $250. */
  let sent: MadeInvoice;
  /** Sent, $2,000, $500 recorded by the freelancer. */
  let partly: MadeInvoice;
  /** Sent, due in 2020: overdue. */
  let late: MadeInvoice;
  let draft: MadeInvoice;
  const checkoutPages: string[] = [];

  const billingUrl = (projectId = fixture.projectId) =>
    `${stack.origin}/p/${fixture.ws.slug}/projects/${projectId}?tab=billing`;
  const card = (invoice: MadeInvoice): Locator => page.getByRole('article', { name: invoice.number });
  /** The amount as the page's browser writes it (the portal formats in the contact's locale). */
  const money = (minor: number) =>
    page.evaluate(
      (m) => new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(m / 100),
      minor,
    );

  const createInvoice = async (
    lineItems: { description: string; quantity: number; unitAmount: number }[],
    dueDate: string | null,
    send = true,
  ): Promise<MadeInvoice> => {
    const made = (
      await fixture.member<{ createInvoice: MadeInvoice }>(
        `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id number } }`,
        { input: { projectId: fixture.projectId, currency: 'USD', lineItems, dueDate } },
      )
    ).createInvoice;
    if (send) await fixture.member(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id: made.id });
    return made;
  };

  const deliverPaid = (invoiceId: string, amount: number) =>
    deliverCheckoutPaid(stack, { invoiceId, workspaceId: fixture.ws.workspaceId, amount });

  /**
   * Press Pay on an invoice; the browser lands on the Checkout URL the API got
   * from the Stripe double. The API's answer is read on its way to the page
   * (its body is gone once the page has navigated away).
   */
  const payAndReachCheckout = async (invoice: MadeInvoice, press: (button: Locator) => Promise<void>) => {
    const before = stack.stripe.checkouts.length;
    const answers: string[] = [];
    const readAnswer = async (route: Route) => {
      if (!/PayInvoice/.test(route.request().postData() ?? '')) return route.fallback();
      const response = await route.fetch();
      const body = await response.text();
      answers.push(JSON.parse(body).data.payInvoice.url);
      return route.fulfill({ response, body });
    };
    await page.route(`${stack.origin}/graphql`, readAnswer);
    await press(card(invoice).getByRole('button', { name: new RegExp(`^Pay .* for ${invoice.number}$`) }));
    await page.waitForURL(`${CHECKOUT_HOST}/**`);
    await page.unroute(`${stack.origin}/graphql`, readAnswer);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_\w+$/);
    expect(page.url()).toBe(answers[0]);
    expect(checkoutPages.at(-1)).toBe(answers[0]);
    expect(stack.stripe.checkouts.length).toBe(before + 1);
    return stack.stripe.checkouts.at(-1)!.form;
  };

  beforeAll(async () => {
    stack = await startPortalStack();
    fixture = await createPortalFixture(stack.api);
    browser = await openBrowser(stack.origin);
    page = browser.page;
    // Stripe's hosted Checkout, played by a tiny page (page routes go before the harness's foreign-origin guard).
    await page.route(`${CHECKOUT_HOST}/**`, async (route) => {
      checkoutPages.push(route.request().url());
      await route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: '<!doctype html><html lang="en"><title>Checkout</title><h1>Stripe Checkout (test)</h1></html>',
      });
    });

    // Sign in through the real pages before any invoice email is on its way.
    await signInThroughPages(page, stack, fixture.ws.slug, fixture.contact.email);

    const nextMonth = new Date(Date.now() + 30 * 86400_000).toISOString();
    sent = await createInvoice(
      [
        { description: 'Design', quantity: 2, unitAmount: 50_000 },
        { description: 'Hosting, first year', quantity: 1, unitAmount: 25_000 },
      ],
      nextMonth,
    );
    partly = await createInvoice(
      [{ description: 'Development', quantity: 1, unitAmount: 200_000 }],
      nextMonth,
    );
    await fixture.member(
      `mutation($id: ID!) { recordPayment(invoiceId: $id, amount: 50000, method: "bank_transfer") { id } }`,
      { id: partly.id },
    );
    late = await createInvoice(
      [{ description: 'Discovery workshop', quantity: 1, unitAmount: 30_000 }],
      '2020-01-15T00:00:00.000Z',
    );
    draft = await createInvoice(
      [{ description: 'Not sent yet', quantity: 1, unitAmount: 9_900 }],
      null,
      false,
    );
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('lists the sent invoices newest first with status, sums, dates, overdue mark, lines and the PDF', async () => {
    await page.goto(billingUrl());
    await card(sent).waitFor();

    // Never the draft; newest issued first.
    expect(
      await page.getByRole('article').evaluateAll((els) => els.map((e) => e.getAttribute('data-invoice'))),
    ).toEqual([late.number, partly.number, sent.number]);
    expect(await page.getByText(draft.number).count()).toBe(0);

    const badges = (invoice: MadeInvoice) => card(invoice).locator('.invoice-badge').allTextContents();
    expect(await badges(sent)).toEqual(['Sent']);
    expect(await badges(partly)).toEqual(['Partially paid']);
    expect(await badges(late)).toEqual(['Sent', 'Overdue']);

    const fact = (invoice: MadeInvoice, term: string) =>
      card(invoice)
        .locator('dt', { hasText: new RegExp(`^${term}$`) })
        .locator('xpath=following-sibling::dd');
    expect(await fact(sent, 'Total').textContent()).toBe(await money(125_000));
    expect(await fact(sent, 'Amount due').textContent()).toBe(await money(125_000));
    expect(await fact(sent, 'Paid').count()).toBe(0);
    expect(await fact(partly, 'Total').textContent()).toBe(await money(200_000));
    expect(await fact(partly, 'Paid').textContent()).toBe(await money(50_000));
    expect(await fact(partly, 'Amount due').textContent()).toBe(await money(150_000));
    expect(await fact(late, 'Due').textContent()).toMatch(/2020/);
    expect(await fact(late, 'Issued').textContent()).toMatch(String(new Date().getUTCFullYear()));

    // What is due now, across the three.
    const summary = page.getByRole('region', { name: 'Billing summary' });
    expect(await summary.textContent()).toContain(await money(305_000));
    expect(await summary.textContent()).toContain(`${await money(30_000)} overdue`);

    // The lines, behind a disclosure.
    const lines = card(sent).locator('details');
    expect(await lines.locator('table').isVisible()).toBe(false);
    await lines.locator('summary').click();
    const rows = lines.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).locator('td').allTextContents()).toEqual([
      'Design',
      `2 × ${await money(50_000)}`,
      await money(100_000),
    ]);

    // The PDF with the contact's session; nobody else gets it.
    const href = await card(sent)
      .getByRole('link', { name: /^Download PDF/ })
      .getAttribute('href');
    expect(href).toBe(`/invoices/${sent.id}.pdf`);
    const pdf = await page.request.get(`${stack.origin}${href}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toMatch(/^application\/pdf/);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await fetch(`${stack.origin}${href}`)).status).toBe(404);
    expect((await page.request.get(`${stack.origin}/invoices/${draft.id}.pdf`)).status()).toBe(404);

    await checkPage(page, 'billing');
  });

  it('Pay goes to Stripe Checkout; back on success it waits for the webhook, then says received', async () => {
    await page.goto(billingUrl());
    const form = await payAndReachCheckout(sent, (button) => button.click());
    expect(form).toMatchObject({
      client_reference_id: sent.id,
      'metadata[invoiceId]': sent.id,
      'line_items[0][price_data][unit_amount]': '125000',
      'line_items[0][price_data][currency]': 'usd',
      customer_email: fixture.contact.email,
      success_url: `${billingUrl()}&checkout=success`,
    });

    // Stripe sends the contact back before its webhook has arrived.
    await page.goto(form.success_url);
    const notice = page.getByRole('status').filter({ hasText: 'Payment processing' });
    await notice.waitFor();
    // It asks again (network-only) and, with nothing paid yet, still says processing.
    await page.waitForRequest(
      (r) => r.url() === `${stack.origin}/graphql` && /query Billing/.test(r.postData() ?? ''),
    );
    expect(await notice.count()).toBe(1);
    expect(await card(sent).locator('.invoice-badge').allTextContents()).toEqual(['Sent']);
    await checkPage(page, 'billing-processing');

    await page.evaluate('window.notReloaded = true');
    const delivered = await deliverPaid(sent.id, 125_000);
    expect(delivered.status).toBe(200);

    const received = page.getByRole('status').filter({ hasText: 'Payment received' });
    await received.waitFor({ timeout: 10_000 });
    expect(await received.textContent()).toContain(`${sent.number} is paid in full`);
    expect(await card(sent).locator('.invoice-badge').allTextContents()).toEqual(['Paid']);
    expect(await card(sent).getByRole('button', { name: /^Pay / }).count()).toBe(0);
    expect(await page.evaluate('window.notReloaded')).toBe(true);
    await checkPage(page, 'billing-paid');

    // Dismissed: the notice and the query parameter go, focus lands on the list.
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.waitForURL((url) => !url.searchParams.has('checkout'));
    expect(new URL(page.url()).searchParams.get('tab')).toBe('billing');
    expect(await page.getByText('Payment received').count()).toBe(0);
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Invoices');
  }, 90_000);

  it('Pay from the keyboard, then cancelled at Checkout: nothing was charged', async () => {
    await page.goto(billingUrl());
    const form = await payAndReachCheckout(partly, async (button) => {
      await button.focus();
      await page.keyboard.press('Enter');
    });
    expect(form).toMatchObject({
      client_reference_id: partly.id,
      'line_items[0][price_data][unit_amount]': '150000',
      cancel_url: `${billingUrl()}&checkout=cancelled`,
    });

    await page.goto(form.cancel_url);
    await page.getByRole('status').filter({ hasText: 'Payment cancelled, nothing was charged' }).waitFor();
    expect(await card(partly).locator('.invoice-badge').allTextContents()).toEqual(['Partially paid']);
    await checkPage(page, 'billing-cancelled');
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.waitForURL((url) => !url.searchParams.has('checkout'));
    expect(await page.getByText('Payment cancelled').count()).toBe(0);
  }, 90_000);

  it('a failed load offers to try again; without online payment no Pay; a project without invoices says so', async () => {
    const failOnce = async (route: Route) => {
      if (/query Billing/.test(route.request().postData() ?? '')) {
        await page.unroute(`${stack.origin}/graphql`, failOnce);
        return route.abort('connectionfailed');
      }
      return route.fallback();
    };
    await page.route(`${stack.origin}/graphql`, failOnce);
    await page.goto(billingUrl());
    await page.getByRole('alert').filter({ hasText: 'cannot be reached' }).waitFor();
    await page.getByRole('button', { name: 'Try again' }).click();
    await card(late).waitFor();

    // A workspace without online payment (the portal says so): no Pay, the invoice's own instructions.
    const offline = async (route: Route) => {
      if (!/query Portal/.test(route.request().postData() ?? '')) return route.fallback();
      const response = await route.fetch();
      const body = await response.json();
      body.data.portal.onlinePaymentEnabled = false;
      return route.fulfill({ response, json: body });
    };
    await page.route(`${stack.origin}/graphql`, offline);
    await page.goto(billingUrl());
    await card(late).waitFor();
    expect(await page.getByRole('button', { name: /^Pay / }).count()).toBe(0);
    expect(await card(late).textContent()).toContain('Please pay by the payment instructions on the invoice');
    expect(await card(sent).textContent()).not.toContain('payment instructions');
    await checkPage(page, 'billing-offline');
    await page.unroute(`${stack.origin}/graphql`, offline);

    const empty = (
      await fixture.member<{ createProject: { id: string } }>(
        `mutation($c: ID!) { createProject(input: { clientId: $c, name: "Brand book" }) { id } }`,
        { c: fixture.clientId },
      )
    ).createProject.id;
    await page.goto(billingUrl(empty));
    await page.getByText('No invoices yet').waitFor();
    await checkPage(page, 'billing-empty');

    // Checkout's host was answered by the test's route; nothing else left the portal's origin.
    expect(browser.foreignRequests).toEqual([]);
  }, 60_000);
});
