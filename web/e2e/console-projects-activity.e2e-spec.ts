import type { Page } from 'playwright-core';
import { checkPage, openBrowser, type Browser } from './browser.harness';
import { signInToConsole } from './console.fixture';
import {
  createPortalFixture,
  startPortalStack,
  type PortalFixture,
  type PortalStack,
} from './portal-stack.harness';

const TIMELINE = `query($id: ID!) { project(id: $id) { name timeline(first: 100) { edges { node { id } } } } }`;
const SHARE = `mutation($p: ID!, $t: String!) { shareLink(projectId: $p, title: $t, url: "https://example.com/doc") { id } }`;

/** A project's page (rename, tabs by keyboard, not found) and the workspace's activity, filtered and paged. */
describe('the console: a project and the activity, in Chromium', () => {
  let stack: PortalStack;
  let browser: Browser;
  let page: Page;
  let fixture: PortalFixture;
  const projectUrl = () => `${stack.origin}/app/projects/${fixture.projectId}`;
  const timeline = async (id = fixture.projectId) => (await fixture.member(TIMELINE, { id })).project;
  const tab = () => new URL(page.url()).searchParams.get('tab');
  const focusedTab = () =>
    page.evaluate<string | null>(
      "document.activeElement?.getAttribute('role') === 'tab' ? document.activeElement.textContent : null",
    );

  beforeAll(async () => {
    stack = await startPortalStack();
    fixture = await createPortalFixture(stack.api);
    browser = await openBrowser(stack.origin);
    page = browser.page;
    await signInToConsole(page, stack, fixture.ws.ownerEmail);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('renaming: an empty name is refused at its field and changes nothing; a new name is saved', async () => {
    await page.goto(projectUrl());
    await page.getByRole('heading', { level: 1, name: 'Website relaunch' }).waitFor();
    await checkPage(page, 'console-project');
    const before = await timeline();

    await page.getByRole('button', { name: 'Rename' }).click();
    const name = page.getByLabel("Project's name");
    await name.fill('   ');
    await page.getByRole('button', { name: 'Save' }).click();
    const refusal = page.getByText('must not be empty');
    await refusal.waitFor();
    // Said at the field, and read out with it.
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await name.getAttribute('aria-describedby')).toBe(await refusal.getAttribute('id'));
    expect(await timeline()).toEqual(before);
    // The page keeps its heading meanwhile.
    await page.getByRole('heading', { level: 1, name: 'Website relaunch' }).waitFor();
    await checkPage(page, 'console-project-rename-refused');

    // Cancelled and opened again: the current name, focused, and no refusal left over.
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.evaluate<string | null>('document.activeElement?.textContent ?? null')).toBe('Rename');
    await page.getByRole('button', { name: 'Rename' }).click();
    expect(await name.inputValue()).toBe('Website relaunch');
    expect(await refusal.count()).toBe(0);
    expect(await page.evaluate<string | null>('document.activeElement?.id ?? null')).toBe(
      await name.getAttribute('id'),
    );
    await name.fill('Website relaunch, phase 2');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Website relaunch, phase 2' }).waitFor();
    const after = await timeline();
    expect(after.name).toBe('Website relaunch, phase 2');
    expect(after.timeline.edges.length).toBe(before.timeline.edges.length + 1);
    await page.getByRole('button', { name: 'Rename' }).waitFor();
  });

  it('the tabs: arrows, Home and End move between them, the address following; a reload keeps the tab', async () => {
    await page.goto(projectUrl());
    await page.getByRole('tab', { name: 'Timeline', selected: true }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { name: 'Files and links', selected: true }).waitFor();
    expect(tab()).toBe('files');
    expect(await focusedTab()).toBe('Files and links');
    await page.getByRole('tabpanel', { name: 'Files and links' }).waitFor();
    await page.keyboard.press('End');
    await page.getByRole('tab', { name: 'Messages', selected: true }).waitFor();
    expect(tab()).toBe('messages');
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { name: 'Timeline', selected: true }).waitFor();
    expect(tab()).toBe('overview');
    await page.keyboard.press('ArrowLeft');
    await page.getByRole('tab', { name: 'Messages', selected: true }).waitFor();
    expect(tab()).toBe('messages');
    await page.keyboard.press('ArrowLeft');
    await page.getByRole('tab', { name: 'Tasks', selected: true }).waitFor();
    expect(tab()).toBe('tasks');
    await page.keyboard.press('Home');
    await page.getByRole('tab', { name: 'Timeline', selected: true }).waitFor();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { name: 'Invoices', selected: true }).waitFor();
    expect(tab()).toBe('invoices');
    expect(await focusedTab()).toBe('Invoices');
    // Only the selected tab is a tab stop.
    expect(await page.locator('[role=tab][tabindex="0"]').count()).toBe(1);
    await checkPage(page, 'console-project-invoices-tab');
    await page.reload();
    await page.getByRole('tab', { name: 'Invoices', selected: true }).waitFor();
  });

  it('an unknown project, and a project of another workspace, are not found and show nothing of it', async () => {
    await page.goto(`${stack.origin}/app/projects/00000000-0000-4000-8000-000000000000`);
    await page.getByRole('heading', { level: 1, name: 'Project not found' }).waitFor();
    await page.getByRole('link', { name: 'All projects' }).waitFor();
    await checkPage(page, 'console-project-not-found');
    // An address mistyped, no id at all: not found too.
    await page.goto(`${stack.origin}/app/projects/no-such-project`);
    await page.getByRole('heading', { level: 1, name: 'Project not found' }).waitFor();

    const other = await createPortalFixture(stack.api, 'Other Co');
    await other.member(`mutation($id: ID!) { renameProject(id: $id, name: "Secret Other Project") { id } }`, {
      id: other.projectId,
    });
    await other.member(SHARE, { p: other.projectId, t: 'Secret Other Document' });
    await page.goto(`${stack.origin}/app/projects/${other.projectId}`);
    await page.getByRole('heading', { level: 1, name: 'Project not found' }).waitFor();
    const text = (await page.locator('body').textContent())!;
    for (const secret of ['Secret Other Project', 'Secret Other Document', 'Other Co', other.contact.email])
      expect(text).not.toContain(secret);
    expect(await page.getByRole('tab').count()).toBe(0);
  });

  it('the activity: newest first, filtered by client and project, and a page at a time', async () => {
    // A second client with a project of its own, then 26 links shared on the first project.
    const { createClient } = await fixture.member(
      `mutation { createClient(input: { name: "Beta Bakery", contacts: [] }) { id } }`,
    );
    const { createProject } = await fixture.member(
      `mutation($c: ID!) { createProject(input: { clientId: $c, name: "Bread labels" }) { id } }`,
      { c: createClient.id },
    );
    await fixture.member(SHARE, { p: createProject.id, t: 'Label sketches' });
    for (let i = 1; i <= 26; i++) await fixture.member(SHARE, { p: fixture.projectId, t: `Draft ${i}` });

    await page.goto(`${stack.origin}/app/activity`);
    await page.getByRole('heading', { level: 1, name: 'Activity' }).waitFor();
    const entries = page.locator('.activity-list > li');
    await entries
      .first()
      .getByText(/Draft 26/)
      .waitFor();
    expect(await entries.count()).toBe(25);
    const more = page.getByRole('button', { name: 'Load more entries' });
    await more.waitFor();
    await checkPage(page, 'console-activity');
    await more.click();
    await entries.nth(25).waitFor();
    await entries.filter({ hasText: 'Label sketches' }).waitFor();
    // The whole log so far: nothing twice.
    const all = await entries.allTextContents();
    expect(new Set(all).size).toBe(all.length);

    // One client: only its entries; the address says so.
    await page.getByLabel('Client', { exact: true }).selectOption({ label: 'Beta Bakery' });
    await page.waitForURL(/clientId=/);
    await entries.filter({ hasText: 'Draft 1' }).first().waitFor({ state: 'detached' });
    await entries.filter({ hasText: 'Label sketches' }).waitFor();
    const bakery = await entries.allTextContents();
    expect(bakery.length).toBeGreaterThan(0);
    for (const entry of bakery) expect(entry).toContain('Beta Bakery');
    expect(await more.count()).toBe(0);

    // The first client, then its project: that project's entries only.
    const first = await fixture.member(`query($id: ID!) { client(id: $id) { name } }`, {
      id: fixture.clientId,
    });
    await page.getByLabel('Client', { exact: true }).selectOption({ label: first.client.name });
    await entries.filter({ hasText: 'Label sketches' }).waitFor({ state: 'detached' });
    await page.getByLabel('Project', { exact: true }).selectOption({ label: 'Website relaunch, phase 2' });
    await page.waitForURL(/projectId=/);
    await entries
      .first()
      .getByText(/Draft 26/)
      .waitFor();
    for (const entry of await entries.allTextContents()) expect(entry).toContain('Website relaunch, phase 2');
    await checkPage(page, 'console-activity-filtered');
    await more.click();
    await entries.nth(25).waitFor();
    await entries
      .filter({ hasText: /Draft 1\b/ })
      .first()
      .waitFor();

    // A reload keeps the filters.
    await page.reload();
    await entries
      .first()
      .getByText(/Draft 26/)
      .waitFor();
    expect(await page.getByLabel('Project', { exact: true }).inputValue()).toBe(fixture.projectId);
    expect(browser.foreignRequests).toEqual([]);
    expect(browser.policyViolations).toEqual([]);
  });
});
