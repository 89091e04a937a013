import type { Page } from 'playwright-core';
import { waitFor } from '../../server/src/test/email.fixture';
import { checkPage, openBrowser, type Browser } from './browser.harness';
import { goTo, signInToConsole } from './console.fixture';
import {
  createPortalFixture,
  startPortalStack,
  type PortalFixture,
  type PortalStack,
} from './portal-stack.harness';

const INVOICE = `query($id: ID!) { invoice(id: $id) {
  id number status total amountPaid amountDue overdue remindersEnabled
  lineItems { description quantity unitAmount }
  payments { amount method }
} }`;
const CREATE = `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id number } }`;
const SEND = `mutation($id: ID!) { sendInvoice(id: $id) { id status } }`;

/** A date `days` from today (UTC), as a date field takes it. */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Invoices in the console: the editor's refusals at their fields and its live
 * totals, sending, the PDF, payments, voiding, repeating, the list's filters,
 * another workspace's invoice, and the keyboard alone.
 */
describe('the console: invoices, in Chromium', () => {
  let stack: PortalStack;
  let browser: Browser;
  let page: Page;
  let fx: PortalFixture;
  /** The invoice the first tests make, edit, send, are paid part of and void. */
  let invoiceId: string;
  let number: string;
  const invoice = async (id = invoiceId) => (await fx.member(INVOICE, { id })).invoice;
  const listed = async () => page.locator('table.list-table tbody tr td:first-child').allTextContents();
  /** Waits until the list shows exactly these invoice numbers, in any order. */
  const listShows = (numbers: string[]) =>
    waitFor(
      async () => {
        const now = (await listed()).sort();
        return JSON.stringify(now) === JSON.stringify([...numbers].sort()) ? now : null;
      },
      `the list to show ${numbers.join(', ') || 'nothing'}`,
    );

  beforeAll(async () => {
    stack = await startPortalStack();
    fx = await createPortalFixture(stack.api);
    browser = await openBrowser(stack.origin);
    page = browser.page;
    await signInToConsole(page, stack, fx.ws.ownerEmail);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('new invoice: a project is chosen; a bad price and the server’s refusals stand at their fields; live totals; saved', async () => {
    await goTo(page, 'Invoices');
    await page.getByText('No invoices yet: create the first with New invoice.').waitFor();
    await checkPage(page, 'console-invoices-empty');
    await page.getByRole('link', { name: 'New invoice' }).click();
    await page.getByText('Which project is it for?').waitFor();
    await page.getByRole('link', { name: 'Website relaunch' }).click();

    const line1 = page.getByRole('group', { name: 'Line 1' });
    const price = line1.getByLabel('Unit price (USD)');
    await line1.getByLabel('Description').fill('Design sprint');
    await line1.getByLabel('Quantity').fill('2');
    await page.getByLabel('Tax rate (%)').fill('10');
    for (const notAPrice of ['abc', '12.345']) {
      await price.fill(notAPrice);
      await page.getByRole('button', { name: 'Save the draft' }).click();
      await line1.getByText('not a price in USD').waitFor();
      expect(await price.getAttribute('aria-invalid')).toBe('true');
    }
    await price.fill('150');
    // Put right, the price is no longer said to be wrong.
    await line1.getByText('not a price in USD').waitFor({ state: 'detached' });
    expect(await price.getAttribute('aria-invalid')).not.toBe('true');

    // The live totals are the server's: 2 × 150.00, 10% tax.
    const totals = page.getByLabel('Totals, as the invoice will show them');
    await totals.getByText('$330.00').waitFor();
    expect((await totals.textContent())!.replace(/\s+/g, ' ')).toBe(
      'Subtotal$300.00Tax 10%$30.00Total$330.00',
    );
    await line1.getByText('$300.00').waitFor();

    // Quantity 0: the server refuses it at the field, as the totals ask.
    const quantity = line1.getByLabel('Quantity');
    await quantity.fill('0');
    await line1.getByText('must be above 0 and at most 1,000,000,000').waitFor();
    expect(await quantity.getAttribute('aria-invalid')).toBe('true');
    await quantity.fill('2');
    await line1.getByText('must be above 0 and at most 1,000,000,000').waitFor({ state: 'detached' });

    // No description: refused on saving, at its field, and nothing typed is lost.
    const description = line1.getByLabel('Description');
    await description.fill('');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await line1.getByText('must not be empty').waitFor();
    expect(await description.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('must not be empty').count()).toBe(1); // at the field alone
    expect(await price.inputValue()).toBe('150');
    expect(await quantity.inputValue()).toBe('2');
    expect(await page.getByLabel('Tax rate (%)').inputValue()).toBe('10');
    expect(
      (await fx.member(`{ invoicesPage(first: 5) { edges { node { id } } } }`)).invoicesPage.edges,
    ).toEqual([]);
    await checkPage(page, 'console-invoice-editor-refused');

    await description.fill('Design sprint');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    const heading = page.getByRole('heading', { level: 1, name: /^Invoice INV-/ });
    await heading.waitFor();
    await heading.getByText('Draft', { exact: true }).waitFor();
    invoiceId = page.url().split('/').pop()!;
    number = (await heading.textContent())!.match(/INV-[\w-]+/)![0];
    expect(await invoice()).toMatchObject({
      number,
      status: 'DRAFT',
      total: 33000,
      lineItems: [{ description: 'Design sprint', quantity: 2, unitAmount: 15000 }],
    });
  });

  it('the draft is edited and saved, then sent: the contact’s email, the badge, the PDF', async () => {
    const line1 = page.getByRole('group', { name: 'Line 1' });
    await line1.getByLabel('Quantity').fill('3');
    await page.getByLabel('Notes').fill('Thank you for your business.');
    await page.getByLabel('Totals, as the invoice will show them').getByText('$495.00').waitFor();
    await checkPage(page, 'console-invoice-draft');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await page.getByRole('button', { name: 'Saved' }).waitFor();
    expect(await invoice()).toMatchObject({ status: 'DRAFT', total: 49500 });

    const before = stack.sendgrid.mails.length;
    await page.getByRole('button', { name: 'Send to the client' }).click();
    await page.getByRole('heading', { name: 'Record a payment' }).waitFor();
    await page.getByRole('heading', { level: 1 }).getByText('Sent', { exact: true }).waitFor();
    const mail = await waitFor(
      async () =>
        stack.sendgrid.mails
          .slice(before)
          .find(
            (m) =>
              m.personalizations[0].to[0].email === fx.contact.email && JSON.stringify(m).includes(number),
          ),
      'the invoice email',
    );
    expect(JSON.stringify(mail)).toContain('$495.00');
    expect((await invoice()).status).toBe('SENT');
    await page.getByText('Thank you for your business.').waitFor();
    await checkPage(page, 'console-invoice-issued');

    const href = await page.getByRole('link', { name: 'Download the PDF' }).getAttribute('href');
    const pdf = await page.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toMatch(/^application\/pdf/);
    expect((await pdf.body()).subarray(0, 4).toString('latin1')).toBe('%PDF');
  });

  it('payments: a refused one appends nothing; a part paid leaves the rest due; reminders; void asks first', async () => {
    const amount = page.getByLabel('Amount (USD)');
    expect(await amount.inputValue()).toBe('495.00');
    for (const [typed, refusal] of [
      ['600', /is more than the \$495\.00 still due/],
      ['0', /must be above 0/],
    ] as const) {
      await amount.fill(typed);
      await page.getByRole('button', { name: 'Record the payment' }).click();
      await page.getByText(refusal).waitFor();
      expect(await amount.getAttribute('aria-invalid')).toBe('true');
      expect(await amount.inputValue()).toBe(typed);
    }
    // The server's refusal stands at its field too.
    const note = page.getByLabel('Note (optional)');
    await amount.fill('200');
    await note.fill('x'.repeat(1001));
    await page.getByRole('button', { name: 'Record the payment' }).click();
    await page.getByText('must be at most 1,000 characters').waitFor();
    expect(await note.getAttribute('aria-invalid')).toBe('true');
    expect((await invoice()).payments).toEqual([]);
    await checkPage(page, 'console-invoice-payment-refused');
    await note.fill('Cash at the office');

    await page.getByLabel('Method').selectOption({ label: 'Cash' });
    await page.getByRole('button', { name: 'Record the payment' }).click();
    await page.getByRole('heading', { level: 1 }).getByText('Partially paid', { exact: true }).waitFor();
    await page.getByText(/\$200\.00 by Cash/).waitFor();
    await page.getByText('$295.00 is due.', { exact: false }).waitFor();
    await waitFor(async () => (await amount.inputValue()) === '295.00', 'the amount due offered');
    expect(await invoice()).toMatchObject({
      status: 'PARTIALLY_PAID',
      amountPaid: 20000,
      amountDue: 29500,
      payments: [{ amount: 20000, method: 'cash' }],
    });

    // Reminders off, then on again, as the server has it.
    const reminders = page.getByLabel(/Email the client a reminder/);
    const wasOn = (await invoice()).remindersEnabled;
    expect(await reminders.isChecked()).toBe(wasOn);
    await reminders.setChecked(!wasOn);
    await waitFor(async () => (await invoice()).remindersEnabled === !wasOn, 'reminders switched');
    await reminders.setChecked(wasOn);
    await waitFor(async () => (await invoice()).remindersEnabled === wasOn, 'reminders switched back');

    // Void: Cancel leaves it; Yes voids it.
    await page.getByLabel('Reason (optional)').fill('Scope changed');
    await page.getByRole('button', { name: `Void invoice ${number}` }).click();
    await page.getByText(/Nothing more will be due on it/).waitFor();
    await checkPage(page, 'console-invoice-void-confirm');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: `Void invoice ${number}` }).waitFor();
    expect((await invoice()).status).toBe('PARTIALLY_PAID');
    await page.getByRole('button', { name: `Void invoice ${number}` }).click();
    await page.getByRole('button', { name: `Yes, void invoice ${number}` }).click();
    await page.getByText('Void: nothing is due on it; its client sees it as void.').waitFor();
    await page.getByRole('heading', { level: 1 }).getByText('Void', { exact: true }).waitFor();
    expect(await page.getByRole('heading', { name: 'Record a payment' }).count()).toBe(0);
    expect((await invoice()).status).toBe('VOID');
    await checkPage(page, 'console-invoice-void');
  });

  it('a draft made to repeat: scheduled, paused, resumed and ended, as the server has it', async () => {
    const { createInvoice: draft } = await fx.member(CREATE, {
      input: {
        projectId: fx.projectId,
        currency: 'USD',
        lineItems: [{ description: 'Monthly hosting', quantity: 1, unitAmount: 4999 }],
      },
    });
    const RECURRING = `query($p: ID) { recurringInvoices(projectId: $p) { status count template { id } } }`;
    const schedule = async () =>
      (await fx.member(RECURRING, { p: fx.projectId })).recurringInvoices.find(
        (r: { template: { id: string } }) => r.template.id === draft.id,
      );
    await page.goto(`${stack.origin}/app/invoices/${draft.id}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(`Invoice ${draft.number}`) }).waitFor();
    await page.getByText('Repeat this invoice').click();
    await page.getByLabel('First on').fill(day(7));
    await page.getByLabel('A number of invoices').check();
    await page.getByLabel('How many invoices').fill('3');
    await page.getByRole('button', { name: 'Schedule' }).click();

    const card = page.getByRole('region', { name: 'Repeating invoices' }).getByRole('listitem');
    await card.getByText('$49.99 every month').waitFor();
    await card.getByText('Active', { exact: true }).waitFor();
    await card.getByText(/0 issued of 3; next on/).waitFor();
    expect(await schedule()).toMatchObject({ status: 'ACTIVE', count: 3 });
    // A template is never sent itself, nor scheduled twice: the page says so instead of offering it.
    await page.getByText(/This draft repeats: each period issues a copy of it/).waitFor();
    expect(await page.getByRole('button', { name: 'Send to the client' }).count()).toBe(0);
    expect(await page.getByText('Repeat this invoice').count()).toBe(0);
    await checkPage(page, 'console-invoice-recurring');

    await card.getByRole('button', { name: 'Pause' }).click();
    await card.getByText('Paused', { exact: true }).waitFor();
    expect((await schedule()).status).toBe('PAUSED');
    await card.getByRole('button', { name: /^Resume/ }).click();
    await card.getByText('Active', { exact: true }).waitFor();
    expect((await schedule()).status).toBe('ACTIVE');
    await card.getByRole('button', { name: 'End the repetition' }).click();
    await card.getByRole('button', { name: 'Cancel' }).click();
    expect((await schedule()).status).toBe('ACTIVE');
    await card.getByRole('button', { name: 'End the repetition' }).click();
    await card.getByRole('button', { name: 'Yes, end the repetition' }).click();
    await card.getByText('Ended', { exact: true }).waitFor();
    expect((await schedule()).status).toBe('ENDED');
    expect(await card.getByRole('button').count()).toBe(0);
    await page.getByRole('button', { name: 'Send to the client' }).waitFor();
    await page.getByText('Repeat this invoice').waitFor();
  });

  it('the list’s filters live in the address and show only what matches; the controls say so', async () => {
    const { createInvoice: late } = await fx.member(CREATE, {
      input: {
        projectId: fx.projectId,
        currency: 'USD',
        dueDate: new Date(Date.now() - 3 * 86_400_000).toISOString(),
        lineItems: [{ description: 'Late work', quantity: 1, unitAmount: 10000 }],
      },
    });
    await fx.member(SEND, { id: late.id });
    expect((await invoice(late.id)).overdue).toBe(true);
    const drafts = (
      await fx.member(`{ invoicesPage(first: 25, status: DRAFT) { edges { node { number } } } }`)
    ).invoicesPage.edges.map((e: { node: { number: string } }) => e.node.number);
    expect(drafts).toHaveLength(1);

    await page.goto(`${stack.origin}/app/invoices?status=VOID`);
    await listShows([number]);
    expect(await page.getByLabel('Status').inputValue()).toBe('VOID');
    expect(await page.getByLabel('Only overdue').isChecked()).toBe(false);

    await page.goto(`${stack.origin}/app/invoices?overdue=1`);
    await listShows([late.number]);
    expect(await page.getByLabel('Only overdue').isChecked()).toBe(true);
    expect(await page.getByLabel('Status').inputValue()).toBe('');
    await page.locator('tr', { hasText: late.number }).getByText('Overdue', { exact: true }).waitFor();
    await checkPage(page, 'console-invoices-overdue');

    // The controls change the address, and the list follows.
    await page.getByLabel('Only overdue').uncheck();
    await page.getByLabel('Status').selectOption({ label: 'Drafts' });
    await waitFor(async () => page.url().endsWith('/app/invoices?status=DRAFT'), 'the address');
    await listShows(drafts);
    await page.getByLabel('Status').selectOption({ label: 'Paid' });
    await page.getByText('No invoice has this status.').waitFor();
    await page.getByLabel('Status').selectOption({ label: 'Every status' });
    await listShows([number, late.number, ...drafts]);
  });

  it('an invoice of another workspace is not found, and nothing of it shows', async () => {
    const other = await createPortalFixture(stack.api, 'Other Co');
    const { createInvoice: theirs } = await other.member(CREATE, {
      input: {
        projectId: other.projectId,
        currency: 'USD',
        lineItems: [{ description: 'Secret other work', quantity: 1, unitAmount: 77700 }],
      },
    });
    await page.goto(`${stack.origin}/app/invoices/${theirs.id}`);
    await page.getByRole('heading', { level: 1, name: 'Invoice not found' }).waitFor();
    for (const text of ['Secret other work', '$777.00', 'Other Co'])
      expect(await page.getByText(text).count()).toBe(0);
    await checkPage(page, 'console-invoice-not-found');
    const pdf = await page.request.get(`${stack.origin}/invoices/${theirs.id}.pdf`);
    expect(pdf.status()).toBe(404);
  });

  it('works by keyboard alone: the project chosen, two lines typed, a line added, saved with Enter', async () => {
    const focused = () =>
      page.evaluate<string>(
        `(() => { const el = document.activeElement; return (el?.labels?.[0]?.textContent ?? el?.textContent ?? '').trim(); })()`,
      );
    const tabTo = async (name: string, key = 'Tab') => {
      for (let i = 0; i < 30 && (await focused()) !== name; i++) await page.keyboard.press(key);
      expect(await focused()).toBe(name);
    };
    await page.goto(`${stack.origin}/app/invoices/new`);
    await page.getByText('Which project is it for?').waitFor();
    await tabTo('Website relaunch');
    await page.keyboard.press('Enter');
    await page.getByRole('group', { name: 'Line 1' }).waitFor();
    await tabTo('Description');
    await page.keyboard.type('Workshop');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2'); // Tabbing in selects the field's "1": typing replaces it.
    await page.keyboard.press('Tab');
    await page.keyboard.type('80');
    await tabTo('Add a line');
    await page.keyboard.press('Enter');
    const line2 = page.getByRole('group', { name: 'Line 2' });
    await line2.waitFor();
    await tabTo('Description', 'Shift+Tab');
    expect(
      await line2.getByLabel('Description').evaluate((el) => el === el.ownerDocument.activeElement),
    ).toBe(true);
    await page.keyboard.type('Report');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('120');
    await page.locator('.totals__total', { hasText: '$280.00' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /^Invoice INV-/ }).waitFor();
    const id = page.url().split('/').pop()!;
    expect((await invoice(id)).lineItems).toEqual([
      { description: 'Workshop', quantity: 2, unitAmount: 8000 },
      { description: 'Report', quantity: 1, unitAmount: 12000 },
    ]);
    expect(browser.foreignRequests).toEqual([]);
    expect(browser.policyViolations).toEqual([]);
  });
});
