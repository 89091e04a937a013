import type { Locator, Page } from 'playwright-core';
import { checkPage, openBrowser, type Browser } from './browser.harness';
import {
  createPortalFixture,
  startPortalStack,
  type PortalFixture,
  type PortalStack,
} from './portal-stack.harness';
import { signInThroughPages } from './portal-pages.fixture';

const CREATE_TASK = `mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }`;
const SET_STATUS = `mutation($id: ID!, $status: TaskStatus!) { setTaskStatus(id: $id, status: $status) { id } }`;
const COMMENT = `mutation($taskId: ID!, $body: String!) { commentOnTask(taskId: $taskId, body: $body) { id } }`;
const TASK_SETTINGS = `mutation($input: TaskPortalSettingsInput!) { updateTaskSettings(input: $input) { id } }`;

type Visibility = 'OFF' | 'ASSIGNED' | 'ALL';

describe('the Tasks tab in Chromium', () => {
  let stack: PortalStack;
  let browser: Browser;
  let page: Page;
  let fixture: PortalFixture;

  const settings = (visibility: Visibility, allowed: boolean) =>
    fixture.member(TASK_SETTINGS, {
      input: {
        visibility,
        clientsCanCreate: allowed,
        clientsCanEdit: allowed,
        clientsCanComment: allowed,
      },
    });
  const projectUrl = (tab?: string) =>
    `${stack.origin}/p/${fixture.ws.slug}/projects/${fixture.projectId}${tab ? `?tab=${tab}` : ''}`;
  /** The project page, loaded afresh (the viewer's task settings are read once per page load). */
  const openProject = async (tab?: string) => {
    await page.goto(projectUrl(tab));
    await page.getByRole('heading', { name: 'Website relaunch', level: 1 }).waitFor();
  };
  const tabNames = () => page.getByRole('tab').allTextContents();
  const group = (status: 'TODO' | 'IN_PROGRESS' | 'DONE') =>
    page.locator(`.tasks__group[data-status="${status}"]`);
  const card = (title: string, within: Locator | Page = page) =>
    within.getByRole('article', { name: title, exact: true });
  const titlesIn = (status: 'TODO' | 'IN_PROGRESS' | 'DONE') =>
    group(status).locator('.task__title').allTextContents();

  beforeAll(async () => {
    stack = await startPortalStack();
    fixture = await createPortalFixture(stack.api);

    // The freelancer's tasks: one for Jane (overdue, with a comment), one for nobody (in progress).
    const create = async (input: Record<string, unknown>) =>
      (await fixture.member(CREATE_TASK, { input: { projectId: fixture.projectId, ...input } })).createTask
        .id as string;
    const janes = await create({
      title: 'Approve the homepage copy',
      description: 'Three paragraphs for the hero section.',
      dueDate: '2024-03-01T00:00:00.000Z',
      assigneeContactId: fixture.contact.id,
    });
    const nobodys = await create({ title: 'Pick the photos' });
    await fixture.member(SET_STATUS, { id: nobodys, status: 'IN_PROGRESS' });
    await fixture.member(COMMENT, { taskId: janes, body: 'The draft is in the shared folder.' });

    // Jane signs in through the real pages.
    browser = await openBrowser(stack.origin);
    page = browser.page;
    await signInThroughPages(page, stack, fixture.ws.slug, fixture.contact.email);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('with visibility OFF there is no Tasks tab, and ?tab=tasks shows the Overview', async () => {
    await openProject('tasks');
    expect(await tabNames()).toEqual(['Overview', 'Billing']);
    expect(await page.getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('.tasks').count()).toBe(0);
  });

  it('with ALL and everything allowed: both tasks by status, with due date, assignee, author and comments', async () => {
    await settings('ALL', true);
    await openProject('tasks');
    expect(await tabNames()).toEqual(['Overview', 'Billing', 'Tasks']);
    await card('Approve the homepage copy').waitFor();
    expect(await titlesIn('TODO')).toEqual(['Approve the homepage copy']);
    expect(await titlesIn('IN_PROGRESS')).toEqual(['Pick the photos']);
    expect(await titlesIn('DONE')).toEqual([]);
    expect(await group('TODO').getByRole('heading', { level: 2 }).textContent()).toMatch(/^To do\s*1/);

    const janes = card('Approve the homepage copy');
    expect(await janes.textContent()).toContain('Three paragraphs for the hero section.');
    expect(await janes.locator('.task__overdue').textContent()).toBe('Overdue');
    expect(await janes.locator('.task__meta').textContent()).toContain('Jane Smith (you)');
    expect(await janes.locator('.task-comment').textContent()).toContain(
      'The draft is in the shared folder.',
    );
    expect(await card('Pick the photos').locator('.task__meta').textContent()).toContain('Nobody yet');
    expect(await page.locator('.tasks__sharing').textContent()).toContain(
      'You can see tasks, add new ones, edit them or change their status, and comment on them.',
    );
    await checkPage(page, 'tasks');
  });

  it('Jane adds a task (the server refuses a title too long), edits it, completes it and comments on it', async () => {
    const isFocused = (locator: Locator) => locator.evaluate((el) => el === el.ownerDocument.activeElement);
    // By keyboard: Enter opens the form with the caret in the title; Escape closes it, back on the button.
    await page.getByRole('button', { name: 'Add a task' }).focus();
    await page.keyboard.press('Enter');
    const form = page.locator('.tasks__new');
    expect(await isFocused(form.getByLabel('Title'))).toBe(true);
    await page.keyboard.press('Escape');
    expect(await isFocused(page.getByRole('button', { name: 'Add a task' }))).toBe(true);
    await page.keyboard.press('Enter');
    // Nothing typed: the form says so without asking the server.
    await form.getByRole('button', { name: 'Add task' }).click();
    expect(await form.locator('.task-field__error').textContent()).toBe('Enter a title.');

    // 201 characters: the server's refusal shows under the title.
    await form.getByLabel('Title').fill('x'.repeat(201));
    await form.getByRole('button', { name: 'Add task' }).click();
    const titleError = form.getByText('Title must be at most 200 characters (got 201).');
    await titleError.waitFor();
    expect(await form.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Title').getAttribute('aria-describedby')).toContain(
      (await titleError.getAttribute('id'))!,
    );
    await checkPage(page, 'tasks-new-refused');

    await form.getByLabel('Title').fill('Send the brand colours');
    await form.getByLabel('Description (optional)').fill('Hex codes, please.');
    await form.getByLabel('Due date (optional)').fill('2030-05-01');
    await form.getByRole('button', { name: 'Add task' }).click();
    const created = card('Send the brand colours', group('TODO'));
    await created.waitFor();
    expect(await titlesIn('TODO')).toEqual(['Approve the homepage copy', 'Send the brand colours']);
    expect(await created.locator('time').first().getAttribute('datetime')).toBe('2030-05-01T00:00:00.000Z');
    expect(await created.locator('.task__meta > div', { hasText: 'Added by' }).textContent()).toContain(
      'Jane Smith (you)',
    );
    expect(await created.locator('.task__overdue').count()).toBe(0);
    expect(await page.locator('.tasks__new').count()).toBe(0);

    // Edit.
    await created.getByRole('button', { name: 'Edit' }).click();
    await created.getByLabel('Title').fill('Send the brand colours and fonts');
    await created.getByLabel('Description (optional)').fill('Hex codes and font names.');
    await checkPage(page, 'tasks-editing');
    await created.getByRole('button', { name: 'Save changes' }).click();
    const edited = card('Send the brand colours and fonts', group('TODO'));
    await edited.getByText('Hex codes and font names.').waitFor();

    // Complete: it moves to Done.
    await edited.getByRole('button', { name: 'Mark as done' }).click();
    const done = card('Send the brand colours and fonts', group('DONE'));
    await done.waitFor();
    // Focus follows the task to its new place.
    expect(await isFocused(done)).toBe(true);
    expect(await titlesIn('TODO')).toEqual(['Approve the homepage copy']);
    expect(await done.locator('.task__meta').textContent()).toContain('Completed');
    expect(await done.getByRole('button', { name: 'Reopen' }).count()).toBe(1);

    // Comment.
    await done.getByRole('button', { name: 'Add a comment' }).click();
    await done.getByLabel('Your comment').fill('Sent by email just now.');
    await done.getByRole('button', { name: 'Post comment' }).click();
    const comment = done.locator('.task-comment').filter({ hasText: 'Sent by email just now.' });
    await comment.waitFor();
    expect(await comment.locator('.task-comment__author').textContent()).toBe('Jane Smith');
    expect(await done.getByRole('heading', { name: 'Comments (1)' }).count()).toBe(1);
    await checkPage(page, 'tasks-changed');
  });

  it('a change the workspace no longer allows is refused, and the page says why', async () => {
    await settings('ALL', false);
    // The page still shows the buttons (settings are read on load); the server refuses.
    await card('Pick the photos').getByRole('button', { name: 'Mark as done' }).click();
    await card('Pick the photos').getByRole('alert').getByText('does not let clients edit tasks').waitFor();
    expect(await titlesIn('IN_PROGRESS')).toEqual(['Pick the photos']);
  });

  it('with create, edit and comment off: tasks and comments only, no form or control', async () => {
    await openProject('tasks');
    await card('Approve the homepage copy').waitFor();
    expect(await page.locator('.tasks__sharing').textContent()).toContain(
      'You can see tasks; only Northwind Studio can add, change or comment on them.',
    );
    expect(await page.getByRole('button', { name: 'Add a task' }).count()).toBe(0);
    expect(await page.locator('.tasks form').count()).toBe(0);
    expect(await page.locator('.tasks button').count()).toBe(0);
    expect(await card('Send the brand colours and fonts').locator('.task-comment').textContent()).toContain(
      'Sent by email just now.',
    );
  });

  it('a list that cannot load says so and loads on retry; a project without tasks says so', async () => {
    // The tasks query fails once (the network drops it); Try again loads it.
    let failures = 0;
    await page.route('**/graphql', (route) => {
      if (failures === 0 && route.request().postData()?.includes('ProjectTasks')) {
        failures++;
        return route.abort('connectionreset');
      }
      return route.fallback();
    });
    await openProject('tasks');
    const alert = page.locator('.tasks').getByRole('alert');
    await alert.getByText('The portal cannot be reached').waitFor();
    await alert.getByRole('button', { name: 'Try again' }).click();
    await card('Approve the homepage copy').waitFor();
    await page.unroute('**/graphql');

    const other = (
      await fixture.member(
        `mutation($c: ID!) { createProject(input: { clientId: $c, name: "Brand book" }) { id } }`,
        { c: fixture.clientId },
      )
    ).createProject.id;
    await page.goto(`${stack.origin}/p/${fixture.ws.slug}/projects/${other}?tab=tasks`);
    await page.getByRole('heading', { name: 'No tasks yet' }).waitFor();
  });

  it('with ASSIGNED: only the task assigned to Jane', async () => {
    await settings('ASSIGNED', true);
    await openProject('tasks');
    await card('Approve the homepage copy').waitFor();
    expect(await page.locator('.task__title').allTextContents()).toEqual(['Approve the homepage copy']);
    expect(await page.locator('.tasks__sharing').textContent()).toContain(
      'This tab shows the tasks assigned to people at',
    );
    expect(browser.foreignRequests).toEqual([]);
  });
});
