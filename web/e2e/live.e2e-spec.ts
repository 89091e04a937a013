import type { Page, WebSocketRoute } from 'playwright-core';
import { waitFor } from '../../server/src/test/email.fixture';
import { openBrowser, type Browser } from './browser.harness';
import { signInToConsole } from './console.fixture';
import { signInThroughPages } from './portal-pages.fixture';
import {
  createPortalFixture,
  startPortalStack,
  type PortalFixture,
  type PortalStack,
} from './portal-stack.harness';

const SHARE_LINK = `mutation($p: ID!, $t: String!, $u: String!) { shareLink(projectId: $p, title: $t, url: $u) { id } }`;
const CREATE_TASK = `mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }`;

/** Timelines update over the WebSocket on /graphql: the portal's Overview and the console's project page, in Chromium. */
describe('live timelines, in Chromium', () => {
  let stack: PortalStack;
  let fixture: PortalFixture;
  let contactBrowser: Browser;
  let memberBrowser: Browser;
  let portal: Page;
  let console_: Page;
  /** The WebSockets each page opened, by URL. */
  const sockets: { portal: string[]; console: string[] } = { portal: [], console: [] };

  const overview = () => `${stack.origin}/p/${fixture.ws.slug}/projects/${fixture.projectId}?tab=overview`;
  const portalTimeline = () => portal.getByRole('list', { name: 'Activity, newest first' });
  const portalSummaries = () => portalTimeline().locator('.timeline__summary').allTextContents();
  const consoleTimeline = () => console_.locator('ol.timeline-list');
  const shareLink = (title: string) =>
    fixture.member(SHARE_LINK, { p: fixture.projectId, t: title, u: `https://example.test/${title}` });
  /** A mark on the page's window: still there later means the page was not loaded again. */
  const mark = (page: Page) => page.evaluate(() => ((globalThis as any).__notReloaded = true));
  const notReloaded = (page: Page) => page.evaluate(() => (globalThis as any).__notReloaded === true);

  beforeAll(async () => {
    stack = await startPortalStack();
    fixture = await createPortalFixture(stack.api);
    // Tasks shared with the client show to them: an internal one is then the members' alone by its sharing.
    await fixture.member(`mutation { updateTaskSettings(input: { visibility: ALL, clientsCanCreate: true,
      clientsCanEdit: true, clientsCanComment: true }) { id } }`);
    contactBrowser = await openBrowser(stack.origin);
    memberBrowser = await openBrowser(stack.origin);
    portal = contactBrowser.page;
    console_ = memberBrowser.page;
    portal.on('websocket', (socket) => sockets.portal.push(socket.url()));
    console_.on('websocket', (socket) => sockets.console.push(socket.url()));
    await signInThroughPages(portal, stack, fixture.ws.slug, fixture.contact.email);
    await signInToConsole(console_, stack, fixture.ws.ownerEmail);
  });
  afterAll(async () => {
    await contactBrowser?.close();
    await memberBrowser?.close();
    await stack?.stop();
  });

  it("the contact's Overview: a link the member shares shows at the top without reload; an internal task never", async () => {
    await shareLink('Kickoff notes');
    await portal.goto(overview());
    await portalTimeline().getByText("Ava Owner shared the link 'Kickoff notes'").waitFor();
    await mark(portal);

    await fixture.member(CREATE_TASK, {
      input: { projectId: fixture.projectId, title: 'Internal budget', sharedWithClient: false },
    });
    await shareLink('Moodboard');
    await portalTimeline().getByText("Ava Owner shared the link 'Moodboard'").waitFor();
    expect((await portalSummaries())[0]).toBe("Ava Owner shared the link 'Moodboard'");
    expect(await notReloaded(portal)).toBe(true);
    // The internal task came before the link in the log: had it been published to the contact, it would be here.
    expect((await portalSummaries()).filter((summary) => summary.includes('Internal budget'))).toEqual([]);
    expect(sockets.portal).toEqual([`${stack.origin.replace(/^http/, 'ws')}/graphql`]);
  });

  it("the member's console project page: the contact's message through the portal's form shows there live", async () => {
    // The console's header follows notifications on every page: count the sockets of this page alone.
    sockets.console.length = 0;
    await console_.goto(`${stack.origin}/app/projects/${fixture.projectId}`);
    await console_.getByRole('tab', { name: 'Timeline', selected: true }).waitFor();
    await consoleTimeline().getByText("Ava Owner shared the link 'Moodboard'").waitFor();
    // The internal task is the members': the console shows it.
    await consoleTimeline().getByText("Ava Owner created the task 'Internal budget'").waitFor();
    await mark(console_);

    const conversation = portal.locator('section#conversation');
    await conversation.getByLabel('Your message').fill('The logo files are attached to the brief.');
    await conversation.getByRole('button', { name: 'Send message' }).click();
    await consoleTimeline().getByText('Jane Smith wrote a message').waitFor();
    expect(await consoleTimeline().locator('li').first().textContent()).toContain(
      'Jane Smith wrote a message',
    );
    expect(await notReloaded(console_)).toBe(true);
    expect(sockets.console).toEqual([`${stack.origin.replace(/^http/, 'ws')}/graphql`]);
  });

  it('messages both ways and the badge: the contact writes, the console shows it and counts it live; the reply shows in the portal live', async () => {
    await console_.goto(`${stack.origin}/app/projects/${fixture.projectId}?tab=messages`);
    const consoleMessages = console_.locator('section#conversation');
    await consoleMessages.getByText('The logo files are attached to the brief.').waitFor();
    const badge = console_.locator('a.notification-badge');
    const unread = async () =>
      Number(/^(\d+) unread/.exec((await badge.getAttribute('aria-label')) ?? '')?.[1] ?? 0);
    // The earlier message's notification has been counted before this starts.
    await waitFor(async () => (await unread()) >= 1, 'the first message counted');
    const before = await unread();
    await mark(console_);
    await mark(portal);

    const conversation = portal.locator('section#conversation');
    await conversation.getByLabel('Your message').fill('Can we move the call to Friday?');
    await conversation.getByRole('button', { name: 'Send message' }).click();
    await consoleMessages.getByText('Can we move the call to Friday?').waitFor();
    await waitFor(async () => (await unread()) === before + 1, 'the badge counting the new message');

    await consoleMessages.getByLabel('Your message').fill('Friday works: 10:00.');
    await consoleMessages.getByRole('button', { name: 'Send message' }).click();
    await conversation.getByText('Friday works: 10:00.').waitFor();
    const portalList = conversation.getByRole('list', { name: 'Messages, newest first' });
    expect(await portalList.locator('li').first().textContent()).toContain('Friday works: 10:00.');
    // Each message once on either side.
    for (const page of [portal, console_])
      expect(
        await page.locator('section#conversation').getByText('Can we move the call to Friday?').count(),
      ).toBe(1);
    expect(await notReloaded(console_)).toBe(true);
    expect(await notReloaded(portal)).toBe(true);
    // Back to the project's timeline, where the next test watches the console.
    await console_.getByRole('tab', { name: 'Timeline' }).click();
    await consoleTimeline().getByText('Jane Smith wrote a message').first().waitFor();
  });

  it('a dropped connection catches up: two links shared while the contact is offline show once each', async () => {
    // Chromium's offline mode leaves open WebSockets be: a page of the contact's own, whose socket the test can drop.
    const page = await contactBrowser.context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text()))
        contactBrowser.policyViolations.push(message.text());
    });
    let offline = false;
    const open = new Set<WebSocketRoute>();
    const opened: number[] = [];
    await page.routeWebSocket(/\/graphql$/, (socket) => {
      opened.push(Date.now());
      if (offline) return void socket.close({ code: 1001, reason: 'offline' });
      const server = socket.connectToServer();
      open.add(socket);
      socket.onClose(() => {
        open.delete(socket);
        void server.close();
      });
    });
    try {
      const timeline = page.getByRole('list', { name: 'Activity, newest first' });
      const summaries = () => timeline.locator('.timeline__summary').allTextContents();
      await page.goto(overview());
      await timeline.getByText('Jane Smith wrote a message').first().waitFor();
      await waitFor(async () => open.size === 1, 'the live socket');
      const before = await summaries();

      offline = true;
      await contactBrowser.context.setOffline(true);
      for (const socket of open) await socket.close({ code: 1001, reason: 'offline' });
      await shareLink('Offline one');
      await shareLink('Offline two');
      await consoleTimeline().getByText("Ava Owner shared the link 'Offline two'").waitFor();
      expect(await summaries()).toEqual(before);
      await contactBrowser.context.setOffline(false);
      offline = false;

      await timeline.getByText("Ava Owner shared the link 'Offline two'").waitFor({ timeout: 15_000 });
      await waitFor(async () => (await summaries()).length === before.length + 2, 'both links');
      const after = await summaries();
      expect(after).toEqual([
        "Ava Owner shared the link 'Offline two'",
        "Ava Owner shared the link 'Offline one'",
        ...before,
      ]);
      // (The exact list above is the no-duplicates check: two messages' entries read alike.)
      expect(opened.length).toBeGreaterThanOrEqual(2);

      // Live again on the new socket.
      await shareLink('Back online');
      await timeline.getByText("Ava Owner shared the link 'Back online'").waitFor();
      expect((await summaries())[0]).toBe("Ava Owner shared the link 'Back online'");
      expect(await summaries()).toHaveLength(before.length + 3);
    } finally {
      await page.close();
    }
  });

  it('the console keeps the older entries it loaded when a new one arrives: on top, none twice', async () => {
    for (let i = 1; i <= 15; i++) await shareLink(`Batch ${i}`);
    const timeline = async (): Promise<string[]> =>
      (
        await fixture.member(
          `query($id: ID!) { project(id: $id) { timeline(first: 100) { edges { node { summary } } } } }`,
          { id: fixture.projectId },
        )
      ).project.timeline.edges.map((edge: { node: { summary: string } }) => edge.node.summary);
    const count = (await timeline()).length;
    expect(count).toBeGreaterThan(20);
    await console_.goto(`${stack.origin}/app/projects/${fixture.projectId}`);
    await consoleTimeline().getByText("Ava Owner shared the link 'Batch 15'").waitFor();
    await console_.getByRole('button', { name: 'Load more entries' }).click();
    await waitFor(async () => (await consoleTimeline().locator('li').count()) === count, 'every entry');

    await shareLink('After load more');
    await consoleTimeline().getByText("Ava Owner shared the link 'After load more'").waitFor();
    await waitFor(
      async () => (await consoleTimeline().locator('li').count()) === count + 1,
      'one more entry',
    );
    const summaries = await consoleTimeline().locator('li > p:first-child').allTextContents();
    expect(summaries[0]).toBe("Ava Owner shared the link 'After load more'");
    // Every entry once, newest first, as the API has them.
    expect(summaries).toEqual(await timeline());
  });

  it('neither browser made a foreign request or broke the Content-Security-Policy', () => {
    expect(contactBrowser.foreignRequests).toEqual([]);
    expect(memberBrowser.foreignRequests).toEqual([]);
    expect(contactBrowser.policyViolations).toEqual([]);
    expect(memberBrowser.policyViolations).toEqual([]);
  });
});
