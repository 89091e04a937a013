import type { Page } from 'playwright-core';
import { createTestWorkspace, ok, type TestWorkspace } from '../../server/src/test/api.harness';
import { waitFor } from '../../server/src/test/email.fixture';
import { checkPage, openBrowser, type Browser } from './browser.harness';
import { goTo, signInToConsole } from './console.fixture';
import { startPortalStack, type PortalStack } from './portal-stack.harness';

/** Clients in the console: empty and no-match states, refusals at their fields, archive, contacts, keyboard alone. */
describe('the console: clients and contacts, in Chromium', () => {
  let stack: PortalStack;
  let browser: Browser;
  let page: Page;
  let ws: TestWorkspace;
  const member = (query: string, variables: Record<string, unknown> = {}) =>
    stack.api.gql(query, variables, ws.token).then(ok);

  beforeAll(async () => {
    stack = await startPortalStack();
    ws = await createTestWorkspace(stack.api);
    browser = await openBrowser(stack.origin);
    page = browser.page;
    await signInToConsole(page, stack, ws.ownerEmail);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('the empty list says what to do; a refused client keeps what was typed, the error at its field', async () => {
    await goTo(page, 'Clients');
    await page.getByText('No clients yet: add the first one below.').waitFor();
    await checkPage(page, 'console-clients-empty');

    await page.getByLabel("Client's name").fill('Acme Corp');
    const first = page.getByRole('group', { name: 'Contact 1' });
    await first.getByLabel('Name').fill('Ann Acme');
    await first.getByLabel('Email').fill('ann@acme.test');
    await page.getByRole('button', { name: 'Add another contact' }).click();
    const second = page.getByRole('group', { name: 'Contact 2' });
    await second.getByLabel('Name').fill('Ann Again');
    await second.getByLabel('Email').fill('ann@acme.test');
    await page.getByRole('button', { name: 'Add the client' }).click();
    const email2 = second.getByLabel('Email');
    await second.getByText('ann@acme.test is given twice').waitFor();
    expect(await email2.getAttribute('aria-invalid')).toBe('true');
    // Nothing typed is lost, and nothing was made.
    expect(await page.getByLabel("Client's name").inputValue()).toBe('Acme Corp');
    expect(await first.getByLabel('Email').inputValue()).toBe('ann@acme.test');
    expect((await member(`{ clients { id } }`)).clients).toEqual([]);
    await checkPage(page, 'console-clients-refused');

    await email2.fill('bob@acme.test');
    await page.getByRole('button', { name: 'Add the client' }).click();
    await page.getByRole('heading', { level: 1, name: 'Acme Corp' }).waitFor();
  });

  it('search finds by contact, says when nothing matches; the archived filter shows archived clients', async () => {
    await member(
      `mutation { createClient(input: { name: "Zeta Ltd", contacts: [{ name: "Zed", email: "zed@zeta.test" }] }) { id } }`,
    );
    await goTo(page, 'Clients');
    await page.getByLabel('Search clients and contacts').fill('zed@zeta');
    await page.getByRole('link', { name: 'Zeta Ltd' }).waitFor();
    await page.getByRole('link', { name: 'Acme Corp' }).waitFor({ state: 'detached' });
    await page.getByLabel('Search clients and contacts').fill('nobody-here');
    await page.getByText('No client matches “nobody-here”.').waitFor();
    await checkPage(page, 'console-clients-no-match');
    await page.getByLabel('Search clients and contacts').fill('');
    await page.getByRole('link', { name: 'Zeta Ltd' }).waitFor();
  });

  it('archiving asks first and says what it does; the client is then listed only under archived', async () => {
    await page.getByRole('link', { name: 'Zeta Ltd' }).click();
    await page.getByRole('heading', { level: 1, name: 'Zeta Ltd' }).waitFor();
    await page.getByRole('button', { name: 'Archive the client' }).click();
    await page.getByText(/Archiving signs every contact of this client out at once/).waitFor();
    await checkPage(page, 'console-client-archive-confirm');
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect((await member(`{ clients { name archived } }`)).clients).toContainEqual({
      name: 'Zeta Ltd',
      archived: false,
    });
    await page.getByRole('button', { name: 'Archive the client' }).click();
    await page.getByRole('button', { name: 'Yes, archive the client' }).click();
    await page.getByText(/Archived: its contacts cannot sign in/).waitFor();
    await goTo(page, 'Clients');
    await page.getByRole('link', { name: 'Acme Corp' }).waitFor();
    expect(await page.getByRole('link', { name: 'Zeta Ltd' }).count()).toBe(0);
    await page.getByLabel('Show archived clients').check();
    await page.getByRole('link', { name: 'Zeta Ltd' }).waitFor();
    await page.getByRole('link', { name: 'Zeta Ltd' }).click();
    await page.getByRole('button', { name: /Restore the client/ }).click();
    await page.getByRole('button', { name: 'Archive the client' }).waitFor();
  });

  it('contacts: add (a refusal at its field), rename and change email, remove after asking', async () => {
    await goTo(page, 'Clients');
    await page.getByRole('link', { name: 'Acme Corp' }).click();
    const add = page.getByRole('form', { name: 'Add a contact' });
    await add.getByLabel('Name').fill('Bob Copy');
    await add.getByLabel('Email').fill('bob@acme.test');
    await add.getByRole('button', { name: 'Add the contact' }).click();
    await add.getByText('bob@acme.test is already a contact of this client').waitFor();
    expect(await add.getByLabel('Name').inputValue()).toBe('Bob Copy');
    await checkPage(page, 'console-contact-refused');
    await add.getByLabel('Email').fill('cleo@acme.test');
    await add.getByRole('button', { name: 'Add the contact' }).click();
    await page.getByText('cleo@acme.test').waitFor();

    const cleo = page.getByRole('listitem').filter({ hasText: 'cleo@acme.test' });
    await cleo.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: 'Edit Bob Copy' });
    await form.getByLabel('Name').fill('Cleo Acme');
    await form.getByLabel('Email').fill('cleo@acme.example');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('cleo@acme.example').waitFor();
    await page.getByText('Cleo Acme').first().waitFor();
    expect(await page.getByText('Has not signed in yet').count()).toBe(3);

    const row = page.getByRole('listitem').filter({ hasText: 'cleo@acme.example' });
    await row.getByRole('button', { name: 'Remove' }).click();
    await row.getByText(/Cleo Acme is signed out at once/).waitFor();
    await row.getByRole('button', { name: 'Yes, remove' }).click();
    await page.getByText('cleo@acme.example').waitFor({ state: 'detached' });
    const { clients } = await member(`{ clients { name contacts { email } } }`);
    expect(clients.find((c: { name: string }) => c.name === 'Acme Corp').contacts).toEqual([
      { email: 'ann@acme.test' },
      { email: 'bob@acme.test' },
    ]);
  });

  it('works by keyboard alone: skip to content, the navigation, a new client typed and sent with Enter', async () => {
    await page.goto(`${stack.origin}/app/`);
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string | null>('document.activeElement?.textContent ?? null')).toBe(
      'Skip to content',
    );
    // Tab to "Clients" in the navigation and follow it.
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate<string | null>('document.activeElement?.textContent ?? null')) === 'Clients')
        break;
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Clients' }).waitFor();
    await page.getByLabel("Client's name").focus();
    await page.keyboard.type('Keyboard Co');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Kay Board');
    await page.keyboard.press('Tab');
    await page.keyboard.type('kay@keyboard.test');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Keyboard Co' }).waitFor();
    await page.getByText('kay@keyboard.test').waitFor();
  });

  it("billing details: saved, a field emptied is cleared, and the client's own name is no billing name", async () => {
    // On Keyboard Co's page, from the previous test.
    const billing = page.getByRole('region', { name: 'Billing' });
    await billing.getByLabel('Billing name').fill('Keyboard Company Ltd');
    await billing.getByLabel('Billing address').fill('1 Key Street\nTypetown');
    await billing.getByLabel("Client's tax number").fill('GB123456789');
    await billing.getByRole('button', { name: 'Save the billing details' }).click();
    await billing.getByText('Saved: invoices issued from now on show them.').waitFor();
    const details = async () =>
      (await member(`{ clients { name billingDetails { name address taxId } } }`)).clients.find(
        (c: { name: string }) => c.name === 'Keyboard Co',
      ).billingDetails;
    expect(await details()).toEqual({
      name: 'Keyboard Company Ltd',
      address: '1 Key Street\nTypetown',
      taxId: 'GB123456789',
    });
    await billing.getByLabel('Billing name').fill('Keyboard Co');
    await billing.getByLabel("Client's tax number").fill('');
    await billing.getByRole('button', { name: 'Save the billing details' }).click();
    const cleared = await waitFor(async () => {
      const now = await details();
      return now.taxId === null ? now : null;
    }, 'the tax number cleared');
    expect(cleared).toEqual({ name: 'Keyboard Co', address: '1 Key Street\nTypetown', taxId: null });
  });

  it('a client of another workspace is not found, and its name never shows', async () => {
    const other = await createTestWorkspace(stack.api, 'Otto Other');
    const { createClient } = ok(
      await stack.api.gql(
        `mutation { createClient(input: { name: "Secret Other Client", contacts: [] }) { id } }`,
        {},
        other.token,
      ),
    );
    await page.goto(`${stack.origin}/app/clients/${createClient.id}`);
    await page.getByRole('heading', { name: 'Client not found' }).waitFor();
    expect(await page.getByText('Secret Other Client').count()).toBe(0);
    await checkPage(page, 'console-client-not-found');
    expect(browser.foreignRequests).toEqual([]);
    expect(browser.policyViolations).toEqual([]);
  });
});
