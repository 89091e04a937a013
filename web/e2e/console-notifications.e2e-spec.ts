import type { Page } from 'playwright-core';
import { createTestWorkspace, ok, type TestWorkspace } from '../../server/src/test/api.harness';
import { createClientWithContacts, signInFromMail } from '../../server/src/test/email.fixture';
import { caughtUp } from '../../server/src/test/notification.fixture';
import { checkPage, openBrowser, type Browser } from './browser.harness';
import { goTo, signInToConsole } from './console.fixture';
import { startPortalStack, type PortalStack } from './portal-stack.harness';

/** A contact's doings reach the member's console: the header's badge, the notifications page, marking read. */
describe('the console: notifications, in Chromium', () => {
  let stack: PortalStack;
  let browser: Browser;
  let page: Page;
  let ws: TestWorkspace;

  beforeAll(async () => {
    stack = await startPortalStack();
    // The stack runs the notifications processor, as the worker would.
    ws = await createTestWorkspace(stack.api);
    browser = await openBrowser(stack.origin);
    page = browser.page;
    await signInToConsole(page, stack, ws.ownerEmail);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('a contact signs in and comments: the badge counts them after navigation, the page lists them, marking read clears it', async () => {
    const member = (query: string, variables: Record<string, unknown> = {}) =>
      stack.api.gql(query, variables, ws.token).then(ok);
    await member(`mutation { updateTaskSettings(input: { visibility: ALL, clientsCanCreate: true,
      clientsCanEdit: true, clientsCanComment: true }) { id } }`);
    const client = await createClientWithContacts(stack.api, ws, [
      { name: 'Jane Smith', email: `jane-${ws.slug}@client.test` },
    ]);
    const projectId = (
      await member(
        `mutation($c: ID!) { createProject(input: { clientId: $c, name: "Website relaunch" }) { id } }`,
        {
          c: client.clientId,
        },
      )
    ).createProject.id;
    const task = (
      await member(`mutation($p: ID!) { createTask(input: { projectId: $p, title: "Logo" }) { id } }`, {
        p: projectId,
      })
    ).createTask;
    const jane = await signInFromMail(stack.api, stack.sendgrid, ws.slug, `jane-${ws.slug}@client.test`);
    ok(
      await stack.api.gql(
        `mutation($t: ID!) { commentOnTask(taskId: $t, body: "The blue one, please") { id } }`,
        { t: task.id },
        jane,
      ),
    );
    await caughtUp(stack.api.context);

    await goTo(page, 'Projects');
    const badge = page.getByRole('link', { name: '2 unread notifications' });
    await badge.waitFor();
    await badge.click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await page
      .getByRole('link', { name: /Jane Smith commented on the task “Logo” in Website relaunch/ })
      .waitFor();
    await page.getByRole('link', { name: 'Jane Smith signed in to the portal for the first time' }).waitFor();
    await checkPage(page, 'console-notifications');

    await page.getByRole('button', { name: /Mark as read: Jane Smith signed in/ }).click();
    await page.getByRole('link', { name: '1 unread notification' }).waitFor();
    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await page.getByRole('link', { name: 'Notifications, none unread' }).waitFor();
    expect((await member(`{ notifications { unreadCount } }`)).notifications.unreadCount).toBe(0);

    // Where it happened: the comment's link opens the project's tasks.
    await page.getByRole('link', { name: /Jane Smith commented/ }).click();
    await page.waitForURL(`**/app/projects/${projectId}?tab=tasks`);
    await page.getByRole('heading', { level: 1, name: 'Website relaunch' }).waitFor();
  });
});
