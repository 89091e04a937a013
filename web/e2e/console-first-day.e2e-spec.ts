import type { Page } from 'playwright-core';
import { createTestWorkspace, type TestWorkspace } from '../../server/src/test/api.harness';
import { waitFor } from '../../server/src/test/email.fixture';
import { checkPage, openBrowser, type Browser } from './browser.harness';
import { consoleLinks, goTo, signInToConsole } from './console.fixture';
import { solidPng } from './png.fixture';
import { startPortalStack, type PortalStack } from './portal-stack.harness';

/**
 * A freelancer's first day, in one test, in the real Chromium against the
 * whole product: nothing is set up behind the console's back except the
 * workspace itself (made as `npm run cli` makes it).
 */
describe("the console: a freelancer's first day", () => {
  let stack: PortalStack;
  let browser: Browser;
  let page: Page;
  let ws: TestWorkspace;

  beforeAll(async () => {
    stack = await startPortalStack();
    ws = await createTestWorkspace(stack.api);
    browser = await openBrowser(stack.origin, [stack.s3Origin]);
    page = browser.page;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('signs in, brands the portal, takes on a client, shares, bills, is paid, shares tasks, invites, and previews', async () => {
    // Sign in from the email.
    await signInToConsole(page, stack, ws.ownerEmail);
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    await checkPage(page, 'console-first-day-home-empty');

    // Branding: name, colour, whitelabel, logo, with the preview following as typed.
    await goTo(page, 'Settings');
    await page.getByRole('tab', { name: 'Branding' }).click();
    await page.getByLabel('Company name').fill('Northwind Studio');
    await page.getByLabel('Accent colour', { exact: true }).fill('#0f766e');
    const signInPreview = page.getByRole('figure', { name: "Preview of the portal's sign-in page" });
    await signInPreview.getByText('Northwind Studio').waitFor();
    await page.getByLabel(/Show your brand alone/).check();
    await page.getByRole('button', { name: 'Save the branding' }).click();
    await page.getByText('Saved: the portal and new emails look like this now.').waitFor();
    await page.getByLabel('Upload a logo').setInputFiles({
      name: 'logo.png',
      mimeType: 'image/png',
      buffer: solidPng(64, 32, [15, 118, 110]),
    });
    await page.getByRole('img', { name: 'The current logo' }).waitFor();
    await checkPage(page, 'console-first-day-branding');

    // The client portal: its link, and the sign-in background.
    await page.getByRole('tab', { name: 'Client portal' }).click();
    await page.getByText('On.', { exact: false }).first().waitFor();
    const portalUrl = `${stack.origin}/p/${ws.slug}`;
    await page.getByRole('link', { name: portalUrl }).waitFor();
    await page.getByLabel('Upload a background image').setInputFiles({
      name: 'background.png',
      mimeType: 'image/png',
      buffer: solidPng(320, 200, [200, 220, 240]),
    });
    await page.getByRole('img', { name: 'The current background image' }).waitFor();
    await checkPage(page, 'console-first-day-portal-settings');

    // A client with two contacts.
    await goTo(page, 'Clients');
    await page.getByText('No clients yet').waitFor();
    await page.getByLabel("Client's name").fill('Smith & Co');
    const contact1 = page.getByRole('group', { name: 'Contact 1' });
    await contact1.getByLabel('Name').fill('Jane Smith');
    await contact1.getByLabel('Email').fill('jane@smith.test');
    await page.getByRole('button', { name: 'Add another contact' }).click();
    const contact2 = page.getByRole('group', { name: 'Contact 2' });
    await contact2.getByLabel('Name').fill('John Smith');
    await contact2.getByLabel('Email').fill('john@smith.test');
    await page.getByRole('button', { name: 'Add the client' }).click();
    await page.getByRole('heading', { level: 1, name: 'Smith & Co' }).waitFor();
    await page.getByText('jane@smith.test').waitFor();
    await page.getByText('john@smith.test').waitFor();
    await checkPage(page, 'console-first-day-client');

    // A project; a link and a file shared on it.
    await page.getByLabel("New project's name").fill('Website relaunch');
    await page.getByRole('button', { name: 'Add a project' }).click();
    await page.getByRole('heading', { level: 1, name: 'Website relaunch' }).waitFor();
    await page.getByRole('tab', { name: 'Files and links' }).click();
    await page.getByLabel('Title').fill('Moodboard');
    await page.getByLabel('Address').fill('https://example.com/moodboard');
    await page.getByRole('button', { name: 'Share the link' }).click();
    await page.getByRole('link', { name: 'Moodboard' }).waitFor();
    await page.getByLabel('Files to upload').setInputFiles({
      name: 'brief.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% the brief\n%%EOF\n'),
    });
    await page.getByRole('link', { name: 'brief.pdf' }).waitFor();
    await checkPage(page, 'console-first-day-files');

    // An invoice: lines, tax, totals as the server computes them, saved, sent.
    await page.getByRole('tab', { name: 'Invoices' }).click();
    await page.getByRole('link', { name: 'New invoice' }).click();
    await page.getByRole('heading', { name: 'New invoice' }).waitFor();
    const line1 = page.getByRole('group', { name: 'Line 1' });
    await line1.getByLabel('Description').fill('Design');
    await line1.getByLabel('Quantity').fill('10');
    await line1.getByLabel(/Unit price/).fill('125');
    await page.getByLabel('Tax rate (%)').fill('10');
    await page.getByRole('button', { name: 'Add a line' }).click();
    const line2 = page.getByRole('group', { name: 'Line 2' });
    await line2.getByLabel('Description').fill('Hosting');
    await line2.getByLabel(/Unit price/).fill('49.99');
    await line2.getByLabel('Tax rate of this line (%)').fill('0');
    const totals = page.getByRole('definition').filter({ hasText: '$1,424.99' });
    await totals.waitFor();
    await checkPage(page, 'console-first-day-new-invoice');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await page.getByRole('heading', { level: 1, name: /Invoice INV-/ }).waitFor();
    const number = (await page.getByRole('heading', { level: 1 }).textContent())!.match(/INV-[\w-]+/)![0];
    const mailsBefore = stack.sendgrid.mails.length;
    await page.getByRole('button', { name: 'Send to the client' }).click();
    await page.getByRole('heading', { name: 'Record a payment' }).waitFor();
    // Each contact of the client gets it.
    const sent = await waitFor(async () => {
      const to = stack.sendgrid.mails
        .slice(mailsBefore)
        .filter((mail) => JSON.stringify(mail).includes(number))
        .map((mail) => mail.personalizations[0].to[0].email)
        .sort();
      return to.length >= 2 ? to : null;
    }, 'the invoice emails');
    expect(sent).toEqual(['jane@smith.test', 'john@smith.test']);
    await checkPage(page, 'console-first-day-invoice-sent');

    // The client pays by bank transfer: recorded in full.
    await page.getByLabel('Amount (USD)').fill('1424.99');
    await page.getByRole('button', { name: 'Record the payment' }).click();
    await page.getByText('Paid', { exact: true }).first().waitFor();
    await page.getByText(/\$1,424\.99 by Bank transfer/).waitFor();
    await checkPage(page, 'console-first-day-invoice-paid');

    // Tasks shared with clients, then one added for Jane.
    await goTo(page, 'Settings');
    await page.getByRole('tab', { name: 'Client portal' }).click();
    await page.getByLabel(/All shared tasks/).check();
    await page.getByRole('button', { name: 'Save task sharing' }).click();
    await page.getByText('Saved: clients see tasks this way from now on.').waitFor();
    await goTo(page, 'Projects');
    await page.getByRole('link', { name: 'Website relaunch' }).click();
    await page.getByRole('tab', { name: 'Tasks' }).click();
    await page.getByLabel('Title').fill('Send the logo files');
    await page.getByLabel('Assigned to').selectOption({ label: 'Jane Smith' });
    await page.getByRole('button', { name: 'Add the task' }).click();
    await page.getByText('Send the logo files').first().waitFor();
    await checkPage(page, 'console-first-day-tasks');

    // A teammate, invited, signs in on their own browser and sees the same workspace.
    await goTo(page, 'Settings');
    await page.getByRole('tab', { name: 'Team' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Tom Teammate');
    await page.getByLabel('Email', { exact: true }).fill('tom@northwind.test');
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await page.getByText('Invitation sent to tom@northwind.test.').waitFor();
    await page.getByText('Tom Teammate').first().waitFor();
    await checkPage(page, 'console-first-day-team');
    const [invitation] = await consoleLinks(stack, 'tom@northwind.test');
    const his = await openBrowser(stack.origin, [stack.s3Origin]);
    try {
      await his.page.goto(invitation);
      await his.page.getByRole('button', { name: 'Continue to the console' }).click();
      await his.page.getByRole('heading', { name: 'Home' }).waitFor();
      expect(await his.page.locator('.console-header__title').textContent()).toBe(
        (await page.locator('.console-header__title').textContent())!,
      );
      await goTo(his.page, 'Clients');
      await his.page.getByRole('link', { name: 'Smith & Co' }).waitFor();
      expect(his.foreignRequests).toEqual([]);
    } finally {
      await his.close();
    }

    // Preview as Jane: the portal as she sees it, marked, read-only.
    await goTo(page, 'Clients');
    await page.getByRole('link', { name: 'Smith & Co' }).click();
    const [preview] = await Promise.all([
      browser.context.waitForEvent('page'),
      page.getByRole('button', { name: 'Preview the portal as Jane Smith' }).click(),
    ]);
    await preview.getByText(/Preview: this is the portal as Jane Smith sees it/).waitFor();
    await preview.getByRole('link', { name: 'Website relaunch' }).click();
    await preview.getByText('Moodboard', { exact: true }).waitFor();
    await preview.getByRole('link', { name: 'Download brief.pdf' }).waitFor();
    await preview.getByRole('tab', { name: 'Billing' }).click();
    await preview.getByText(number).first().waitFor();
    await preview.getByRole('tab', { name: 'Tasks' }).click();
    await preview.getByText('Send the logo files', { exact: true }).first().waitFor();
    await checkPage(preview, 'console-first-day-preview');
    await preview.close();

    // Jane's sign-in page wears the branding; the activity says who did what.
    const jane = await openBrowser(stack.origin, [stack.s3Origin]);
    try {
      await jane.page.goto(`${portalUrl}/login`);
      await jane.page.getByText('Northwind Studio').first().waitFor();
      expect(await jane.page.getByText('Powered by').count()).toBe(0);
      expect(await jane.page.locator('.sign-in').getAttribute('style')).toMatch(/background-image/);
    } finally {
      await jane.close();
    }
    await goTo(page, 'Activity');
    await page
      .getByText(/sent invoice/i)
      .first()
      .waitFor();
    await checkPage(page, 'console-first-day-activity');
    expect(browser.foreignRequests).toEqual([]);
    expect(browser.policyViolations).toEqual([]);
  });
});
