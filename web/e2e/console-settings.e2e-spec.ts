import type { Page } from 'playwright-core';
import type { GraphQLResult } from '../../server/src/test/api.harness';
import { waitFor } from '../../server/src/test/email.fixture';
import { checkPage, openBrowser, type Browser } from './browser.harness';
import { consoleLinks, goTo, mailCount, signInToConsole } from './console.fixture';
import { solidPng } from './png.fixture';
import {
  createPortalFixture,
  startPortalStack,
  type PortalFixture,
  type PortalStack,
} from './portal-stack.harness';

const SETTINGS = `{ viewer { ... on MemberViewer {
  member { apiTokens { name } }
  workspace {
    portalEnabled
    taskSettings { visibility clientsCanCreate clientsCanEdit clientsCanComment }
    branding { companyName accentColor logoUrl }
    members { name email role }
    billingProfile { legalName address taxId paymentInstructions }
    reminderSchedule { daysFromDue }
  }
} } }`;

/** Settings in the console: every tab, what it says, what it refuses at its field, and what the server then holds. */
describe('the console: settings, in Chromium', () => {
  let stack: PortalStack;
  let browser: Browser;
  let page: Page;
  let fixture: PortalFixture;
  const settings = async () => (await fixture.member(SETTINGS)).viewer;
  const openTab = async (name: string) => {
    await goTo(page, 'Settings');
    await page.getByRole('tab', { name }).click();
    await page.getByRole('tab', { name, selected: true }).waitFor();
  };
  /** Waits until the server holds Mia's role as `role` (the select saves on change). */
  const roleIs = (role: string) =>
    waitFor(async () => {
      const { members } = (await settings()).workspace;
      return members.find((m: { email: string }) => m.email === 'mia@northwind.test')?.role === role || null;
    }, `Mia's role ${role}`);
  /** POST /graphql with an API token, as a script would. */
  const withToken = async (token: string, query: string): Promise<GraphQLResult> => {
    const response = await fetch(`${stack.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as GraphQLResult;
  };

  beforeAll(async () => {
    stack = await startPortalStack();
    fixture = await createPortalFixture(stack.api);
    browser = await openBrowser(stack.origin, [stack.s3Origin]);
    page = browser.page;
    await signInToConsole(page, stack, fixture.ws.ownerEmail);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('the portal: off and on again say what they mean; task sharing is saved as chosen', async () => {
    await openTab('Client portal');
    await page.getByText(/Your clients' contacts sign in by email link/).waitFor();
    await checkPage(page, 'console-settings-portal-on');

    await page.getByRole('button', { name: 'Turn the portal off (signs every client out)' }).click();
    await page
      .getByText(/Clients cannot sign in, no sign-in link is sent, and invoices cannot be sent/)
      .waitFor();
    await page.getByText(/Nothing is deleted: turned on again, everything is as it was/).waitFor();
    expect((await settings()).workspace.portalEnabled).toBe(false);
    await checkPage(page, 'console-settings-portal-off');
    await page.getByRole('button', { name: 'Turn the portal on' }).click();
    await page.getByText(/Your clients' contacts sign in by email link/).waitFor();
    expect((await settings()).workspace.portalEnabled).toBe(true);

    await page.getByLabel(/Assigned to them/).check();
    await page.getByLabel('Comment', { exact: true }).check();
    await page.getByRole('button', { name: 'Save task sharing' }).click();
    await page.getByText('Saved: clients see tasks this way from now on.').waitFor();
    expect((await settings()).workspace.taskSettings).toEqual({
      visibility: 'ASSIGNED',
      clientsCanCreate: false,
      clientsCanEdit: false,
      clientsCanComment: true,
    });
    // Tasks off: what clients may do with them no longer applies.
    await page.getByLabel(/^Off\./).check();
    expect(await page.getByLabel('Add tasks').isDisabled()).toBe(true);
    await page.reload();
    await page.getByLabel(/Assigned to them/).waitFor();
    expect(await page.getByLabel(/Assigned to them/).isChecked()).toBe(true);
    expect(await page.getByLabel('Comment', { exact: true }).isChecked()).toBe(true);
  });

  it('branding: a wrong colour is refused at its field and saves nothing; a good one shows in the preview', async () => {
    await openTab('Branding');
    const accent = page.getByLabel('Accent colour', { exact: true });
    await accent.fill('teal');
    await page.getByLabel('Company name').fill('Southwind Studio');
    await page.getByRole('button', { name: 'Save the branding' }).click();
    await page.getByText('must be a hex colour such as #3355ff (got "teal")').waitFor();
    expect(await accent.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText(/^Saved:/).count()).toBe(0);
    expect((await settings()).workspace.branding).toMatchObject({
      companyName: 'Northwind Studio',
      accentColor: '#0f766e',
    });
    await checkPage(page, 'console-settings-branding-refused');

    await accent.fill('#7C3AED');
    const preview = page.getByRole('figure', { name: "Preview of the portal's sign-in page" });
    await preview.getByText('Southwind Studio').waitFor();
    expect(await preview.locator('.branding-preview__portal').getAttribute('style')).toContain('#7C3AED');
    await page.getByRole('button', { name: 'Save the branding' }).click();
    await page.getByText('Saved: the portal and new emails look like this now.').waitFor();
    expect(await accent.getAttribute('aria-invalid')).toBeNull();
    expect((await settings()).workspace.branding).toMatchObject({
      companyName: 'Southwind Studio',
      accentColor: '#7c3aed',
    });
  });

  it('branding: a logo that is no image is refused with a sentence; a PNG is shown, then removed after asking', async () => {
    await page.getByLabel('Upload a logo').setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('not a logo'),
    });
    const refusal = page.getByRole('alert').filter({ hasText: 'notes.txt was not uploaded' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/PNG|image/i);
    expect((await settings()).workspace.branding.logoUrl).toBeNull();
    await checkPage(page, 'console-settings-logo-refused');

    await page.getByLabel('Upload a logo').setInputFiles({
      name: 'logo.png',
      mimeType: 'image/png',
      buffer: solidPng(64, 32, [124, 58, 237]),
    });
    const logo = page.getByRole('img', { name: 'The current logo' });
    await logo.waitFor();
    // Not just the element: the browser fetched and decoded the PNG.
    await waitFor(
      () => logo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth === 64),
      'the logo decoded',
    );
    expect(await refusal.count()).toBe(0);
    expect((await settings()).workspace.branding.logoUrl).toBeTruthy();
    // The email preview wears it too.
    await page.getByRole('figure', { name: 'Preview of an email' }).getByRole('img').waitFor();
    await checkPage(page, 'console-settings-logo');

    await page.getByRole('button', { name: 'Remove the logo' }).click();
    await page.getByText('The portal and emails then show your company name instead.').waitFor();
    await page.getByRole('button', { name: 'Yes, remove the logo' }).click();
    await logo.waitFor({ state: 'detached' });
    await page.getByLabel('Upload a logo').waitFor();
    expect((await settings()).workspace.branding.logoUrl).toBeNull();
  });

  it('the team: an invitation is emailed; a member sees the team and cannot change it; the owner changes a role and removes, which signs out', async () => {
    await openTab('Team');
    await page.getByLabel('Name', { exact: true }).fill('Mia Member');
    await page.getByLabel('Email', { exact: true }).fill('mia@northwind.test');
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await page.getByText('Invitation sent to mia@northwind.test.').waitFor();
    const [invitation] = await consoleLinks(stack, 'mia@northwind.test');
    expect(invitation).toBeTruthy();
    expect(mailCount(stack, 'mia@northwind.test')).toBe(1);
    expect((await settings()).workspace.members).toContainEqual({
      name: 'Mia Member',
      email: 'mia@northwind.test',
      role: 'MEMBER',
    });

    const mia = await openBrowser(stack.origin, [stack.s3Origin]);
    try {
      await mia.page.goto(invitation);
      await mia.page.getByRole('button', { name: 'Continue to the console' }).click();
      await mia.page.getByRole('heading', { name: 'Home' }).waitFor();
      await goTo(mia.page, 'Settings');
      await mia.page.getByRole('tab', { name: 'Team' }).click();
      await mia.page.getByText('Only an owner changes the team.').waitFor();
      await mia.page.getByText('Mia Member (you)').waitFor();
      expect(await mia.page.getByRole('combobox').count()).toBe(0);
      expect(await mia.page.getByRole('button', { name: /^Remove/ }).count()).toBe(0);
      expect(await mia.page.getByRole('button', { name: 'Send the invitation' }).count()).toBe(0);
      await checkPage(mia.page, 'console-settings-team-as-member');

      // The only owner is told why her role and her removal are not offered (the server refuses both).
      await page.reload();
      await page
        .getByText(
          "Owner: the only one. Make another member an owner before changing Ava Owner's role or removing them.",
        )
        .waitFor();
      expect(await page.getByLabel('Role of Ava Owner').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Remove Ava Owner' }).count()).toBe(0);

      // The owner makes Mia an owner, then a member again.
      const role = page.getByLabel('Role of Mia Member');
      await role.selectOption('OWNER');
      await roleIs('OWNER');
      // Two owners: each may now be changed.
      await page.getByLabel('Role of Ava Owner').waitFor();
      await role.selectOption('MEMBER');
      await roleIs('MEMBER');
      await checkPage(page, 'console-settings-team');

      await page.getByRole('button', { name: 'Remove Mia Member' }).click();
      await page.getByText(/Mia Member is signed out at once and their API tokens stop working/).waitFor();
      await page.getByRole('button', { name: 'Cancel' }).click();
      expect((await settings()).workspace.members).toHaveLength(2);
      await page.getByRole('button', { name: 'Remove Mia Member' }).click();
      await page.getByRole('button', { name: 'Yes, remove Mia Member' }).click();
      await page.getByText('mia@northwind.test').waitFor({ state: 'detached' });
      expect((await settings()).workspace.members.map((m: { email: string }) => m.email)).toEqual([
        fixture.ws.ownerEmail,
      ]);

      // Her open console no longer answers her: the next page she opens sends her to sign in, saying why.
      await mia.page
        .getByRole('navigation', { name: 'Console' })
        .getByRole('link', { name: 'Clients' })
        .click();
      await mia.page.getByText('Your session has ended. Sign in again to continue.').waitFor();
      await mia.page.getByRole('heading', { name: 'Sign in to your console' }).waitFor();
      // And a reload does not bring her back in.
      await mia.page.goto(`${stack.origin}/app/clients`);
      await mia.page.getByLabel('Email address').waitFor();
      expect(await mia.page.locator('.console-header').count()).toBe(0);
      expect(mia.foreignRequests).toEqual([]);
    } finally {
      await mia.close();
    }
  });

  it('API tokens: a new token is shown once, works as a Bearer token, and stops working when revoked', async () => {
    await openTab('API tokens');
    await page.getByRole('heading', { name: 'Your tokens' }).waitFor();
    const before = (await settings()).member.apiTokens;
    await page.getByLabel('Token name').fill('Zapier');
    await page.getByRole('button', { name: 'Create the token' }).click();
    const shown = page.getByRole('status').filter({ hasText: 'it is shown only once' });
    await shown.waitFor();
    const token = (await shown.locator('code.token').textContent())!.trim();
    expect(token.length).toBeGreaterThan(20);
    await page.getByRole('listitem').filter({ hasText: 'Zapier' }).waitFor();
    await checkPage(page, 'console-settings-token-created');

    expect(await withToken(token, '{ viewer { __typename } }')).toEqual({
      data: { viewer: { __typename: 'MemberViewer' } },
    });
    expect((await withToken(token, '{ clients { id } }')).data.clients).toHaveLength(1);
    await page.reload();
    const card = page.getByRole('listitem').filter({ hasText: 'Zapier' });
    await card.getByText(/last used/).waitFor();
    expect(await page.getByText(token).count()).toBe(0);
    expect(await page.locator('code.token').count()).toBe(0);

    await card.getByRole('button', { name: 'Revoke Zapier' }).click();
    await page.getByText('Whatever uses it stops working at once; this cannot be undone.').waitFor();
    await page.getByRole('button', { name: 'Yes, revoke Zapier' }).click();
    await card.waitFor({ state: 'detached' });
    // A dead credential is no one (the server's design: viewer is null for anonymous callers),
    // and what needs a member answers UNAUTHENTICATED.
    expect(await withToken(token, '{ viewer { __typename } }')).toEqual({ data: { viewer: null } });
    const refused = await withToken(token, '{ clients { id } }');
    expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await settings()).member.apiTokens).toEqual(before);
  });

  it('billing: the profile and reminder days, each refused at its field first, then saved', async () => {
    await openTab('Billing');
    await page.getByLabel('Legal name').fill('Southwind Studio LLC');
    await page.getByLabel('Tax number').fill('X'.repeat(51));
    await page.getByRole('button', { name: 'Save', exact: true }).first().click();
    await page.getByText('must be at most 50 characters').waitFor();
    expect(await page.getByLabel('Tax number').getAttribute('aria-invalid')).toBe('true');
    expect((await settings()).workspace.billingProfile.legalName).toBeNull();
    await checkPage(page, 'console-settings-billing-refused');

    await page.getByLabel('Tax number').fill('EIN 12-3456789');
    await page.getByLabel('How to pay other than online').fill('IBAN DE00 1234\nBIC NWSTDE00');
    await page.getByRole('button', { name: 'Save', exact: true }).first().click();
    await page.getByText('Saved: invoices issued from now on show it.').waitFor();
    expect((await settings()).workspace.billingProfile).toEqual({
      legalName: 'Southwind Studio LLC',
      address: null,
      taxId: 'EIN 12-3456789',
      paymentInstructions: 'IBAN DE00 1234\nBIC NWSTDE00',
    });
    // Emptied, a field is cleared.
    await page.getByLabel('Tax number').fill('');
    await page.getByRole('button', { name: 'Save', exact: true }).first().click();
    await page.getByText('Saved: invoices issued from now on show it.').waitFor();
    expect((await settings()).workspace.billingProfile.taxId).toBeNull();

    const days = page.getByLabel('Days from the due date');
    const before = (await settings()).workspace.reminderSchedule.daysFromDue;
    await days.fill('0, 7, 7');
    const reminders = page.getByRole('region', { name: 'Reminders of unpaid invoices' });
    await reminders.getByRole('button', { name: 'Save' }).click();
    await reminders.getByText('7 is given twice').waitFor();
    expect(await days.getAttribute('aria-invalid')).toBe('true');
    expect((await settings()).workspace.reminderSchedule.daysFromDue).toEqual(before);
    await days.fill('14, -3, 0');
    await reminders.getByRole('button', { name: 'Save' }).click();
    await reminders.getByText('Saved.').waitFor();
    expect(await days.getAttribute('aria-invalid')).toBeNull();
    expect((await settings()).workspace.reminderSchedule.daysFromDue).toEqual([-3, 0, 14]);
    await checkPage(page, 'console-settings-billing');
    expect(browser.foreignRequests).toEqual([]);
    expect(browser.policyViolations).toEqual([]);
  });
});
