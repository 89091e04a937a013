import type { Page } from 'playwright-core';
import { waitFor } from '../../server/src/test/email.fixture';
import { checkPage, openBrowser, type Browser } from './browser.harness';
import { signInToConsole } from './console.fixture';
import { signInThroughPages } from './portal-pages.fixture';
import {
  createPortalFixture,
  startPortalStack,
  type PortalFixture,
  type PortalStack,
} from './portal-stack.harness';

const POST = `mutation($p: ID!, $b: String!) { postMessage(projectId: $p, body: $b) { id } }`;

/** A project's conversation: the contact writes in the portal, the member answers in the console, the email goes out. */
describe('the conversation of a project, in Chromium', () => {
  let stack: PortalStack;
  let fixture: PortalFixture;
  let contactBrowser: Browser;
  let memberBrowser: Browser;
  let portal: Page;
  let console_: Page;

  const projectPage = () => `${stack.origin}/p/${fixture.ws.slug}/projects/${fixture.projectId}?tab=overview`;
  const conversation = (page: Page) => page.locator('section#conversation');
  const messages = (page: Page) => conversation(page).getByRole('list', { name: 'Messages, newest first' });

  beforeAll(async () => {
    stack = await startPortalStack();
    fixture = await createPortalFixture(stack.api);
    contactBrowser = await openBrowser(stack.origin);
    memberBrowser = await openBrowser(stack.origin);
    portal = contactBrowser.page;
    console_ = memberBrowser.page;
    await signInThroughPages(portal, stack, fixture.ws.slug, fixture.contact.email);
    await signInToConsole(console_, stack, fixture.ws.ownerEmail);
  });
  afterAll(async () => {
    await contactBrowser?.close();
    await memberBrowser?.close();
    await stack?.stop();
  });

  it('the contact: an empty conversation, refusals at the field with nothing typed lost, then a message with a link', async () => {
    await portal.goto(projectPage());
    await conversation(portal).getByText('No messages yet.').waitFor();
    await checkPage(portal, 'conversation-empty');

    const field = conversation(portal).getByLabel('Your message');
    await conversation(portal).getByRole('button', { name: 'Send message' }).click();
    await conversation(portal).getByText('Write a message first.').waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');

    const tooLong = 'x'.repeat(10_001);
    await field.fill(tooLong);
    await conversation(portal).getByRole('button', { name: 'Send message' }).click();
    await conversation(portal)
      .getByText('Your message must be at most 10000 characters (got 10001).')
      .waitFor();
    expect(await field.inputValue()).toBe(tooLong);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await checkPage(portal, 'conversation-refused');

    const body = 'The brief is at https://example.test/brief. Do not click javascript:alert(1) please';
    await field.fill(body);
    await conversation(portal).getByRole('button', { name: 'Send message' }).click();
    const mine = messages(portal).getByRole('listitem').filter({ hasText: 'The brief is at' });
    await mine.waitFor();
    expect(await field.inputValue()).toBe('');
    const links = mine.getByRole('link');
    expect(await links.count()).toBe(1);
    expect(await links.first().textContent()).toBe('https://example.test/brief');
    expect(await links.first().getAttribute('href')).toBe('https://example.test/brief');
    expect(await links.first().getAttribute('target')).toBe('_blank');
    expect(await links.first().getAttribute('rel')).toBe('noopener noreferrer');
    // The javascript: text is text: no anchor anywhere in the conversation points at it.
    expect(await mine.textContent()).toContain('javascript:alert(1)');
    expect(await conversation(portal).locator('a[href^="javascript"]').count()).toBe(0);
    await mine.getByText('Jane Smith').waitFor();
    // The activity beside it is asked again: the message shows there too.
    await portal.getByText('Jane Smith wrote a message').waitFor();
    await checkPage(portal, 'conversation-posted');
  });

  it("the member sees it in the console's Messages tab and replies; the contact's email arrives with the link", async () => {
    const before = stack.sendgrid.mails.length;
    await console_.goto(`${stack.origin}/app/projects/${fixture.projectId}`);
    await console_.getByRole('tab', { name: 'Messages' }).click();
    await console_.getByRole('tab', { name: 'Messages', selected: true }).waitFor();
    const theirs = messages(console_).getByRole('listitem').filter({ hasText: 'The brief is at' });
    await theirs.waitFor();
    await theirs.getByText('Jane Smith').waitFor();
    expect(await theirs.getByRole('link').count()).toBe(1);
    await checkPage(console_, 'console-messages');

    await conversation(console_)
      .getByLabel('Your message')
      .fill('Thanks Jane <3, the draft: https://example.test/draft');
    await conversation(console_).getByRole('button', { name: 'Send message' }).click();
    await messages(console_).getByRole('listitem').filter({ hasText: 'Thanks Jane' }).waitFor();
    // Newest first.
    expect(await messages(console_).getByRole('listitem').first().textContent()).toContain('Thanks Jane');

    const mail = await waitFor(
      async () =>
        stack.sendgrid.mails
          .slice(before)
          .find(
            (m) =>
              m.personalizations[0].to[0].email === fixture.contact.email &&
              /wrote a message/.test(m.subject),
          ),
      'the message email to the contact',
    );
    const text: string = mail.content.find((c: { type: string }) => c.type === 'text/plain').value;
    const html: string = mail.content.find((c: { type: string }) => c.type === 'text/html').value;
    const link = `${stack.origin}/p/${fixture.ws.slug}/projects/${fixture.projectId}?tab=overview#conversation`;
    expect(text).toContain('Thanks Jane <3, the draft: https://example.test/draft');
    expect(text).toContain(link);
    expect(html).toContain('Thanks Jane &lt;3');
    expect(mail.reply_to?.email).toBe(fixture.ws.ownerEmail);

    // The contact opens the email's link (a new tab, as from a mail reader) and sees the reply, newest first.
    const fromEmail = await contactBrowser.context.newPage();
    try {
      await fromEmail.goto(link);
      const reply = messages(fromEmail).getByRole('listitem').first();
      await reply.filter({ hasText: 'Thanks Jane <3' }).waitFor();
      await reply.getByText('Ava Owner').waitFor();
      expect(await reply.getByRole('link').getAttribute('href')).toBe('https://example.test/draft');
      await checkPage(fromEmail, 'conversation-reply');
    } finally {
      await fromEmail.close();
    }
  });

  it("a member's preview of the portal shows the conversation but no form to write", async () => {
    await console_.goto(`${stack.origin}/app/clients/${fixture.clientId}`);
    const [preview] = await Promise.all([
      memberBrowser.context.waitForEvent('page'),
      console_.getByRole('button', { name: 'Preview the portal as Jane Smith' }).click(),
    ]);
    try {
      await preview.getByText(/Preview: this is the portal as Jane Smith sees it/).waitFor();
      await preview.goto(projectPage());
      await messages(preview).getByRole('listitem').filter({ hasText: 'The brief is at' }).waitFor();
      await conversation(preview).getByText('This is a preview: messages cannot be sent from it.').waitFor();
      expect(await conversation(preview).getByLabel('Your message').count()).toBe(0);
      await checkPage(preview, 'conversation-preview');
    } finally {
      await preview.close();
    }
  });

  it('older messages load by cursor on Load more, none twice', async () => {
    for (let i = 1; i <= 21; i++)
      await fixture.member(POST, { p: fixture.projectId, b: `Batch message ${i}` });
    await portal.goto(projectPage());
    await messages(portal).getByRole('listitem').filter({ hasText: 'Batch message 21' }).waitFor();
    expect(await messages(portal).getByRole('listitem').count()).toBe(20);
    await conversation(portal).getByRole('button', { name: 'Load more' }).click();
    await messages(portal).getByRole('listitem').filter({ hasText: 'The brief is at' }).waitFor();
    const texts = await messages(portal).locator('.conversation__body').allTextContents();
    expect(texts).toHaveLength(23);
    expect(new Set(texts).size).toBe(23);
    expect(texts[0]).toBe('Batch message 21');
    expect(texts.at(-1)).toContain('The brief is at');
    expect(await conversation(portal).getByRole('button', { name: 'Load more' }).count()).toBe(0);
    await checkPage(portal, 'conversation-loaded-more');
  });
});
