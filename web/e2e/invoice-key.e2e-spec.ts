import type { Page, Route } from 'playwright-core';
import { waitFor } from '../../server/src/test/email.fixture';
import { pdfText } from '../../server/src/test/pdf-text';
import { checkPage, openBrowser, type Browser } from './browser.harness';
import { deliverCheckoutPaid } from './portal-pages.fixture';
import {
  createPortalFixture,
  signInLinkFor,
  startPortalStack,
  type PortalFixture,
  type PortalStack,
} from './portal-stack.harness';

/** Where the Stripe double sends the browser; page.route answers it, so nothing leaves the machine. */
const CHECKOUT_HOST = 'https://checkout.stripe.test';

describe('pay from the invoice email in Chromium', () => {
  let stack: PortalStack;
  let browser: Browser;
  let page: Page;
  let fixture: PortalFixture;
  const checkoutPages: string[] = [];

  /** The text of the newest email to the contact that names the invoice, and the link in it. */
  const invoiceEmail = async (invoiceId: string) => {
    const mail = await waitFor(
      async () =>
        stack.sendgrid.mails
          .filter((m) => m.personalizations[0].to[0].email === fixture.contact.email)
          .filter((m) => JSON.stringify(m.content).includes(`/invoices/${invoiceId}?key=`))
          .at(-1),
      `the invoice email of ${invoiceId}`,
    );
    const text: string = mail.content.find((c: { type: string }) => c.type === 'text/plain').value;
    const link = new RegExp(`(https?://\\S+/invoices/${invoiceId}\\?key=[\\w-]{43})`).exec(text)![1];
    return { mail, text, link };
  };

  const sendInvoice = async (
    lines: { description: string; quantity: number; unitAmount: number; taxRatePercent?: number }[],
  ) => {
    const { createInvoice } = await fixture.member<{ createInvoice: { id: string; number: string } }>(
      `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id number } }`,
      {
        input: {
          projectId: fixture.projectId,
          currency: 'USD',
          taxRatePercent: 20,
          taxLabel: 'VAT',
          lineItems: lines,
          dueDate: new Date(Date.now() + 14 * 86400_000).toISOString(),
        },
      },
    );
    await fixture.member(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id: createInvoice.id });
    return createInvoice;
  };

  beforeAll(async () => {
    stack = await startPortalStack();
    fixture = await createPortalFixture(stack.api);
    await fixture.member(
      `mutation($input: BillingProfileInput!) { updateBillingProfile(input: $input) { id } }`,
      {
        input: {
          legalName: 'Northwind Studio Ltd',
          address: '1 High Street\nLondon',
          taxId: 'GB123456789',
          paymentInstructions: 'Bank transfer: IBAN GB33 BUKB 2020 1555 5555 55',
        },
      },
    );
    browser = await openBrowser(stack.origin);
    page = browser.page;
    await page.route(`${CHECKOUT_HOST}/**`, async (route: Route) => {
      checkoutPages.push(route.request().url());
      await route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: '<!doctype html><html lang="en"><title>Checkout</title><h1>Stripe Checkout (test)</h1></html>',
      });
    });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('from the email SendGrid was given to the Checkout URL: the link, the branded invoice, Pay; no sign-in on the way', async () => {
    const invoice = await sendInvoice([
      { description: 'Design', quantity: 2, unitAmount: 50_000 },
      { description: 'Printed guide', quantity: 1, unitAmount: 10_000, taxRatePercent: 5.5 },
    ]);
    const { mail, text, link } = await invoiceEmail(invoice.id);
    expect(mail.subject).toBe(`Invoice ${invoice.number} from Northwind Studio`);
    expect(text).toContain('pay it online with the button below: no sign-in needed');
    expect(link.startsWith(`${stack.origin}/p/${fixture.ws.slug}/invoices/${invoice.id}?key=`)).toBe(true);
    // The PDF rides along.
    expect(mail.attachments[0].filename).toBe(`${invoice.number}.pdf`);
    expect(await pdfText(Buffer.from(mail.attachments[0].content, 'base64'))).toContain(
      'VAT 5.5% on $100.00 $5.50',
    );

    // A fresh browser, nobody signed in: the link opens the invoice itself.
    await page.goto(link);
    const sheet = page.getByRole('article', { name: `Invoice ${invoice.number}` });
    await sheet.waitFor();
    expect(await page.title()).toBe(`Invoice ${invoice.number} · Northwind Studio`);
    expect(await page.locator('.brand__name').textContent()).toBe('Northwind Studio');
    expect(await page.getByLabel('Email address').count()).toBe(0);
    const text1 = (await sheet.textContent()) ?? '';
    expect(text1).toContain('VAT 20% on');
    expect(text1).toContain('VAT 5.5% on');
    expect(text1).toContain('Other ways to pay');
    expect(text1).toContain('IBAN GB33');
    await page.getByRole('link', { name: 'Sign in to see all your projects' }).waitFor();
    // The accent colour paints the page's buttons.
    const accent = await sheet
      .getByRole('button', { name: new RegExp(`^Pay .* for ${invoice.number}$`) })
      .evaluate((el) => (globalThis as any).getComputedStyle(el).backgroundColor);
    expect(accent).toBe('rgb(15, 118, 110)');
    // Its PDF by the key's own address.
    const href = await sheet.getByRole('link', { name: /^Download PDF/ }).getAttribute('href');
    expect(href).toBe(
      `${stack.origin}/invoices/${invoice.id}.pdf?key=${new URL(link).searchParams.get('key')}`,
    );
    const pdf = await page.request.get(href!);
    expect([pdf.status(), pdf.headers()['content-type']]).toEqual([200, 'application/pdf']);
    await checkPage(page, 'invoice-by-key');

    // One press: to Stripe Checkout for the amount due, as the contact.
    const before = stack.stripe.checkouts.length;
    await sheet.getByRole('button', { name: new RegExp(`^Pay .* for ${invoice.number}$`) }).click();
    await page.waitForURL(`${CHECKOUT_HOST}/**`);
    expect(stack.stripe.checkouts.length).toBe(before + 1);
    const form = stack.stripe.checkouts.at(-1)!.form;
    expect(form).toMatchObject({
      client_reference_id: invoice.id,
      customer_email: fixture.contact.email,
      'line_items[0][price_data][unit_amount]': '130550', // $1,000 + 20 % and $100 + 5.5 %
      success_url: `${stack.origin}/p/${fixture.ws.slug}/invoices/${invoice.id}?checkout=success`,
    });
    expect(page.url()).toBe(checkoutPages.at(-1));
    expect(page.url()).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_\w+$/);

    // Back from Checkout without the key in the address: the tab kept it; paid once the webhook lands.
    await page.goto(form.success_url);
    await page.getByRole('status').filter({ hasText: 'waiting for Stripe to confirm' }).waitFor();
    expect(
      (
        await deliverCheckoutPaid(stack, {
          invoiceId: invoice.id,
          workspaceId: fixture.ws.workspaceId,
          amount: 130_550,
        })
      ).status,
    ).toBe(200);
    await page
      .getByRole('status')
      .filter({ hasText: `Your payment of invoice ${invoice.number} is received` })
      .waitFor({
        timeout: 15_000,
      });
    expect(await sheet.locator('.invoice-badge').allTextContents()).toEqual(['Paid']);
    await checkPage(page, 'invoice-by-key-paid');
    expect(browser.foreignRequests).toEqual([]);
    expect(browser.policyViolations).toEqual([]);
  }, 120_000);

  it('a key that no longer works says so and offers sign-in, which comes back to the invoice', async () => {
    const invoice = await sendInvoice([{ description: 'Discovery', quantity: 1, unitAmount: 30_000 }]);
    const { link } = await invoiceEmail(invoice.id);
    // The freelancer changes the contact's email: the key ends with the access it came with.
    const newEmail = fixture.contact.email.replace('@', '.new@');
    await fixture.member(
      `mutation($id: ID!, $e: String!) { changeContactEmail(contactId: $id, email: $e) { id } }`,
      {
        id: fixture.contact.id,
        e: newEmail,
      },
    );
    await page.context().clearCookies();
    await page.goto(link);
    await page.getByRole('heading', { name: 'This invoice link no longer works' }).waitFor();
    await checkPage(page, 'invoice-key-ended');

    const before = stack.sendgrid.requests.length;
    await page.getByLabel('Email address').fill(newEmail);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    const signIn = await signInLinkFor(stack, newEmail, before);
    expect(decodeURIComponent(signIn)).toContain(`&next=/p/${fixture.ws.slug}/invoices/${invoice.id}`);
    await page.goto(signIn);
    await page.getByRole('button', { name: 'Continue to Northwind Studio' }).click();
    await page.waitForURL(`**/p/${fixture.ws.slug}/invoices/${invoice.id}`);
    await page.getByRole('article', { name: `Invoice ${invoice.number}` }).waitFor();
    expect(await page.locator('.account__contact').textContent()).toBe('Jane Smith');
    await checkPage(page, 'invoice-signed-in');
    await fixture.member(
      `mutation($id: ID!, $e: String!) { changeContactEmail(contactId: $id, email: $e) { id } }`,
      {
        id: fixture.contact.id,
        e: fixture.contact.email,
      },
    );
  }, 90_000);

  it('a signed-out contact opening any portal address comes back to it after the email link', async () => {
    await page.context().clearCookies();
    const wanted = `/p/${fixture.ws.slug}/projects/${fixture.projectId}?tab=billing`;
    await page.goto(`${stack.origin}${wanted}`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe(wanted);
    const before = stack.sendgrid.requests.length;
    await page.getByLabel('Email address').fill(fixture.contact.email);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await page.goto(await signInLinkFor(stack, fixture.contact.email, before));
    await page.getByRole('button', { name: 'Continue to Northwind Studio' }).click();
    await page.waitForURL(`${stack.origin}${wanted}`);
    await page.getByRole('tab', { name: 'Billing', selected: true }).waitFor();
  }, 60_000);
});
