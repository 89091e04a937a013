import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { checkPage, openBrowser, type Browser } from './browser.harness';
import { signInToConsole } from './console.fixture';
import {
  createPortalFixture,
  startPortalStack,
  type PortalFixture,
  type PortalStack,
} from './portal-stack.harness';

const RENAME = `mutation($id: ID!, $n: String!) { renameProject(id: $id, name: $n) { id } }`;
const SHARE = `mutation($p: ID!, $t: String!) { shareLink(projectId: $p, title: $t, url: "https://example.com/doc") { id } }`;
const TASK = `mutation($p: ID!) { createTask(input: { projectId: $p, title: "Pick the fonts" }) { id } }`;

/** A datetime-local's value (the browser's and this process's zone: the same machine), to the second. */
const localValue = (date: Date) =>
  new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);

/** A project's History: the project as of a chosen instant, read-only, and back to now. */
describe('the console: a project as it stood, in Chromium', () => {
  let stack: PortalStack;
  let browser: Browser;
  let page: Page;
  let fixture: PortalFixture;
  /** After the first link was shared, before the rename, the second link and the task (a datetime-local holds seconds). */
  let then: Date;

  beforeAll(async () => {
    stack = await startPortalStack();
    fixture = await createPortalFixture(stack.api);
    await fixture.member(SHARE, { p: fixture.projectId, t: 'First brief' });
    await sleep(1100);
    then = new Date();
    await sleep(1100);
    await fixture.member(RENAME, { id: fixture.projectId, n: 'Website relaunch, phase 2' });
    await fixture.member(SHARE, { p: fixture.projectId, t: 'Late brief' });
    await fixture.member(TASK, { p: fixture.projectId });
    browser = await openBrowser(stack.origin);
    page = browser.page;
    await signInToConsole(page, stack, fixture.ws.ownerEmail);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('History shows the project as of a date and time, and Back to now shows it as it is', async () => {
    await page.goto(`${stack.origin}/app/projects/${fixture.projectId}`);
    await page.getByRole('heading', { level: 1, name: 'Website relaunch, phase 2' }).waitFor();
    await page.getByRole('button', { name: 'History' }).click();
    await page.getByLabel('As of', { exact: true }).fill(localValue(then));
    await page.getByRole('button', { name: 'Show' }).click();

    const past = page.getByRole('region', { name: /^The project as of/ });
    await past.getByRole('heading', { level: 3, name: 'Website relaunch' }).waitFor();
    // In the files and in the timeline's line about it.
    expect(await past.getByText('First brief').count()).toBe(2);
    expect(await past.getByText('Late brief').count()).toBe(0);
    expect(await past.getByText('Pick the fonts').count()).toBe(0);
    expect(await past.getByText('Status: ACTIVE').count()).toBe(1);
    expect(await past.getByText("created the project 'Website relaunch'").count()).toBe(1);
    expect(await past.getByText('renamed').count()).toBe(0);
    // Read-only: nothing to rename, share or remove inside it.
    expect(await past.getByRole('button').count()).toBe(0);
    await checkPage(page, 'console-project-history');

    // Now: the later link and task are there.
    await page.getByLabel('As of', { exact: true }).fill(localValue(new Date(Date.now() + 1000)));
    await page.getByRole('button', { name: 'Show' }).click();
    await past.getByRole('heading', { level: 3, name: 'Website relaunch, phase 2' }).waitFor();
    await past.getByText('Late brief').first().waitFor();
    await past.getByText('Pick the fonts: TODO').waitFor();

    // Before the project existed.
    await page.getByLabel('As of', { exact: true }).fill('2001-01-01T00:00:00');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('The project did not exist yet').waitFor();

    await page.getByRole('button', { name: 'Back to now' }).click();
    await page.getByRole('tab', { name: 'Timeline' }).waitFor();
    expect(await page.getByRole('region', { name: /^The project as of/ }).count()).toBe(0);
  });
});
