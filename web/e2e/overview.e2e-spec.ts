import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page, Request } from 'playwright-core';
import { uploadDocument } from '../../server/src/test/upload.fixture';
import { checkPage, openBrowser, type Browser } from './browser.harness';
import {
  createPortalFixture,
  startPortalStack,
  type PortalFixture,
  type PortalStack,
} from './portal-stack.harness';
import { signInThroughPages } from './portal-pages.fixture';

const SHARE_LINK = `mutation($p: ID!, $t: String!, $u: String!) {
  shareLink(projectId: $p, title: $t, url: $u) { id } }`;
const REMOVE_DOCUMENT = `mutation($id: ID!) { removeDocument(id: $id) }`;

const isGraphQL = (request: Request, operation: string) =>
  request.url().endsWith('/graphql') && (request.postData() ?? '').includes(operation);

describe('project overview in Chromium', () => {
  let stack: PortalStack;
  let browser: Browser;
  let page: Page;
  let fixture: PortalFixture;
  let emptyProjectId: string;
  const briefBytes = randomBytes(1024 * 1024 + 321);
  /** The POSTs to the file store: when each started and ended. */
  const storagePosts: { url: string; started: number; ended?: number }[] = [];

  beforeAll(async () => {
    stack = await startPortalStack();
    fixture = await createPortalFixture(stack.api);
    const { projectId } = fixture;
    // 22 links shared one after the other (18 removed again: their entries stay in the timeline), then a file.
    const links: string[] = [];
    for (let n = 1; n <= 22; n++)
      links.push(
        (
          await fixture.member(SHARE_LINK, {
            p: projectId,
            t: `Reference ${n}`,
            u: `https://example.com/references/${n}`,
          })
        ).shareLink.id,
      );
    for (const id of links.slice(0, 18)) await fixture.member(REMOVE_DOCUMENT, { id });
    await uploadDocument(stack.api, fixture.ws.token, projectId, 'Signed proposal.pdf', randomBytes(2048));
    emptyProjectId = (
      await fixture.member(
        `mutation($c: ID!) { createProject(input: { clientId: $c, name: "Quiet project" }) { id } }`,
        {
          c: fixture.clientId,
        },
      )
    ).createProject.id;

    browser = await openBrowser(stack.origin, [stack.s3Origin]);
    page = browser.page;
    // Playwright intercepts file dialogs only while someone listens, and turns that on asynchronously:
    // listening from the start means a dialog opened later is never missed (waitForEvent alone races it).
    page.on('filechooser', () => undefined);
    page.on('request', (request) => {
      if (request.url().startsWith(stack.s3Origin) && request.method() === 'POST')
        storagePosts.push({ url: request.url(), started: Date.now() });
    });
    const ended = (request: Request) => {
      const post = storagePosts.find((p) => p.url === request.url() && p.ended === undefined);
      if (post && request.method() === 'POST') post.ended = Date.now();
    };
    page.on('requestfinished', ended);
    page.on('requestfailed', ended);

    // Signed in through the real pages and the email SendGrid was asked to send.
    await signInThroughPages(page, stack, fixture.ws.slug, fixture.contact.email);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const activity = () => page.getByRole('list', { name: 'Activity, newest first' });
  const documents = () => page.getByRole('list', { name: 'Files and links, newest first' });
  const summaries = () => activity().locator('.timeline__summary').allTextContents();
  const datetimes = () =>
    activity()
      .locator('time')
      .evaluateAll((times) => times.map((time) => time.getAttribute('datetime') ?? ''));
  const documentNames = () => documents().locator('.document__name').allTextContents();
  const descending = (values: string[]) => values.every((v, i) => i === 0 || values[i - 1] >= v);

  it('shows the activity newest first, 20 at a time, and "Load more" brings the older entries by cursor', async () => {
    const firstPage = page.waitForResponse((r) => isGraphQL(r.request(), 'ProjectTimeline'));
    await page.getByRole('link', { name: 'Website relaunch' }).click();
    await page.getByRole('heading', { name: 'Website relaunch' }).waitFor();
    const firstEdges = (await (await firstPage).json()).data.project.timeline.edges;
    await activity().getByRole('listitem').first().waitFor();
    expect(await activity().getByRole('listitem').count()).toBe(20);
    const first = await summaries();
    expect(first[0]).toBe('Ava Owner uploaded Signed proposal.pdf');
    expect(first[1]).toBe("Ava Owner shared the link 'Reference 22'");
    expect(first[2]).toBe("Ava Owner shared the link 'Reference 21'");
    expect(first.some((s) => s.includes('removed'))).toBe(false); // members-only entries stay hidden
    const firstTimes = await datetimes();
    expect(firstTimes.every((t) => !Number.isNaN(Date.parse(t)))).toBe(true);
    expect(descending(firstTimes)).toBe(true);
    const readable = await activity().locator('time').first().textContent();
    expect(readable).toMatch(/\d/);
    expect(readable).not.toContain('T'); // a local date and time, not the ISO string
    expect(await activity().locator('.timeline__actor').first().textContent()).toBe('Ava Owner');

    const more = page.waitForRequest(
      (r) => isGraphQL(r, 'ProjectTimeline') && /"after":"/.test(r.postData()!),
    );
    await page.getByRole('button', { name: 'Load more' }).click();
    const variables = JSON.parse((await more).postData()!).variables;
    // Keyset: the next page starts after the cursor of the last entry shown.
    expect(variables).toEqual({ id: fixture.projectId, first: 20, after: firstEdges[19].cursor });
    await activity().getByRole('listitem').nth(20).waitFor();
    const all = await summaries();
    expect(all.slice(0, 20)).toEqual(first);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toContain("Ava Owner shared the link 'Reference 1'");
    expect(all).toContainEqual(expect.stringMatching(/^Ava Owner created the project/));
    expect(descending(await datetimes())).toBe(true);
    // Everything is shown: no button, and focus went to the first entry it brought.
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    expect(await page.locator('.timeline__entry:focus').count()).toBe(1);
    expect(await page.getByRole('status').filter({ hasText: 'older entries loaded' }).count()).toBe(1);
  });

  it('lists the files and links; a link opens in a new tab', async () => {
    expect(await documentNames()).toEqual([
      'Signed proposal.pdf',
      'Reference 22',
      'Reference 21',
      'Reference 20',
      'Reference 19',
    ]);
    const file = documents().getByRole('listitem').first();
    expect(await file.locator('.document__meta').textContent()).toMatch(/^2 KB · shared by Ava Owner · \S/);
    expect(await file.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(
      await file.getByRole('link', { name: 'Download Signed proposal.pdf' }).getAttribute('href'),
    ).toMatch(new RegExp(`^${stack.s3Origin}/`));
    const link = page.getByRole('link', { name: 'Open Reference 22 (opens in a new tab)' });
    expect(await link.getAttribute('href')).toBe('https://example.com/references/22');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect((await link.getAttribute('rel'))?.split(' ').sort()).toEqual(['noopener', 'noreferrer']);
    expect(await documents().locator('.document__meta', { hasText: 'example.com' }).count()).toBe(4);
  });

  it('uploads a file chosen through the input, with progress, then lists it and adds it to the activity', async () => {
    // A slow uplink, so that the progress shows in steps.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 512 * 1024,
    });
    // Every value the progress bars take (in the page).
    await page.evaluate(() => {
      const w = globalThis as any;
      const seen: string[] = (w.progressSeen = []);
      new w.MutationObserver((records: any[]) => {
        for (const { target } of records)
          if (target.getAttribute('role') === 'progressbar') seen.push(target.getAttribute('aria-valuenow'));
      }).observe(w.document.body, { subtree: true, attributes: true, attributeFilter: ['aria-valuenow'] });
    });

    const started = Date.now();
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'brief-v2.pdf', mimeType: 'application/pdf', buffer: briefBytes });
    const bar = page.getByRole('progressbar', { name: 'Upload of brief-v2.pdf' });
    await bar.waitFor();
    await documents().getByRole('link', { name: 'Download brief-v2.pdf' }).waitFor({ timeout: 20_000 });
    const uploadMs = Date.now() - started;
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await cdp.detach();

    const seen: string[] = await page.evaluate(() => (globalThis as any).progressSeen);
    const steps = seen.map(Number);
    expect(steps.some((value) => value > 0 && value < 100)).toBe(true);
    expect(steps.at(-1)).toBe(100);
    expect(steps.every((value, i) => i === 0 || steps[i - 1] <= value)).toBe(true);
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    expect(await page.locator('.upload').filter({ hasText: 'brief-v2.pdf' }).textContent()).toContain(
      'Uploaded',
    );
    expect(await page.getByRole('status').filter({ hasText: 'brief-v2.pdf was uploaded.' }).count()).toBe(1);
    expect((await documentNames())[0]).toBe('brief-v2.pdf');
    expect(await documents().getByRole('listitem').first().locator('.document__meta').textContent()).toMatch(
      /^1\.0 MB · shared by Jane Smith · /,
    );
    await activity().getByText('Jane Smith uploaded brief-v2.pdf').waitFor();
    expect((await summaries())[0]).toBe('Jane Smith uploaded brief-v2.pdf');
    // The entries loaded before stay below the new one.
    expect(await summaries()).toContain("Ava Owner shared the link 'Reference 1'");
    console.log(`1 MiB upload at 512 KiB/s: ${uploadMs} ms, progress values ${seen.join(', ')}`);
    await checkPage(page, 'overview');
  });

  it('uploads files dropped on the zone, one after the other', async () => {
    // A drag of two files from the desktop, as the page sees it: a DataTransfer built in the page.
    const zone = page.locator('.dropzone');
    const highlighted = await zone.evaluate((element) => {
      const w = globalThis as any;
      const data = (w.dropped = new w.DataTransfer());
      data.items.add(new w.File(['Agenda\n1. Launch date\n'], 'meeting notes.txt', { type: 'text/plain' }));
      data.items.add(new w.File(['page,owner\nhome,Jane\n'], 'pages.csv', { type: 'text/csv' }));
      for (const type of ['dragenter', 'dragover'])
        element.dispatchEvent(new w.DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data }));
      return element.classList.contains('dropzone--over');
    });
    expect(highlighted).toBe(true);
    expect(await page.locator('.dropzone__hint').textContent()).toBe('Drop to upload');
    const postsBefore = storagePosts.length;
    await zone.evaluate((element) => {
      const w = globalThis as any;
      element.dispatchEvent(
        new w.DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: w.dropped }),
      );
    });
    expect(await page.locator('.dropzone--over').count()).toBe(0);
    await documents().getByRole('link', { name: 'Download pages.csv' }).waitFor();
    await documents().getByRole('link', { name: 'Download meeting notes.txt' }).waitFor();
    expect((await documentNames()).slice(0, 2)).toEqual(['pages.csv', 'meeting notes.txt']);
    await activity().getByText('Jane Smith uploaded pages.csv').waitFor();
    expect((await summaries()).slice(0, 2)).toEqual([
      'Jane Smith uploaded pages.csv',
      'Jane Smith uploaded meeting notes.txt',
    ]);
    // One after the other: the second form went once the first had arrived.
    const [notes, pages] = storagePosts.slice(postsBefore);
    expect(storagePosts.length - postsBefore).toBe(2);
    expect(pages.started).toBeGreaterThanOrEqual(notes.ended!);
  });

  it('refuses a file of a type the portal does not take, chosen by keyboard, with a clear error', async () => {
    const postsBefore = storagePosts.length;
    const button = page.getByRole('button', { name: 'Upload files' });
    await button.focus();
    expect(await button.evaluate((b) => b.matches(':focus'))).toBe(true);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
    expect(chooser.isMultiple()).toBe(true);
    await chooser.setFiles({
      name: 'setup.exe',
      mimeType: 'application/x-msdownload',
      buffer: randomBytes(4096),
    });
    const alert = page.getByRole('alert').filter({ hasText: 'setup.exe' });
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      'setup.exe was not uploaded: "application/x-msdownload" is not a file type this portal accepts.',
    );
    expect(storagePosts.length).toBe(postsBefore);
    expect(await documentNames()).not.toContain('setup.exe');
    await checkPage(page, 'overview-upload-error');
  });

  it("turns the file store's refusals and a lost connection into sentences naming the file", async () => {
    await page.route(`${stack.s3Origin}/**`, (route) =>
      route.request().method() !== 'POST'
        ? route.continue()
        : route.fulfill({
            status: 400,
            headers: { 'content-type': 'application/xml', 'access-control-allow-origin': '*' },
            body: '<?xml version="1.0"?><Error><Code>EntityTooLarge</Code><Message>Too big</Message></Error>',
          }),
    );
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'huge.pdf', mimeType: 'application/pdf', buffer: randomBytes(1000) });
    await page.getByRole('alert').filter({ hasText: 'huge.pdf' }).waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'huge.pdf' }).textContent()).toBe(
      'huge.pdf was not uploaded: the file is larger than the 25.0 MB the portal accepts.',
    );
    await page.unroute(`${stack.s3Origin}/**`);

    await page.route(`${stack.s3Origin}/**`, (route) =>
      route.request().method() === 'POST' ? route.abort('connectionfailed') : route.continue(),
    );
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'offline.pdf', mimeType: 'application/pdf', buffer: randomBytes(1000) });
    await page.getByRole('alert').filter({ hasText: 'offline.pdf' }).waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'offline.pdf' }).textContent()).toBe(
      'offline.pdf was not uploaded: the connection to the file store failed. Check your connection and try again.',
    );
    await page.unroute(`${stack.s3Origin}/**`);
    const names = await documentNames();
    expect(names).not.toContain('huge.pdf');
    expect(names).not.toContain('offline.pdf');

    // The finished uploads can be cleared; focus returns to the upload button.
    await page.getByRole('button', { name: 'Clear finished uploads' }).click();
    expect(await page.getByRole('list', { name: 'Your uploads' }).count()).toBe(0);
    expect(
      await page.getByRole('button', { name: 'Upload files' }).evaluate((b) => b.matches(':focus')),
    ).toBe(true);
  });

  it('downloads through a fresh address, even when the one on the page has expired', async () => {
    const link = page.getByRole('link', { name: 'Download brief-v2.pdf' });
    // As if the page had been left open past the address's 5 minutes.
    await link.evaluate((a, origin) => a.setAttribute('href', `${origin}/expired`), stack.s3Origin);
    const refetch = page.waitForRequest((r) => isGraphQL(r, 'ProjectDocuments'));
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    await refetch;
    const url = download.url();
    expect(url.startsWith(`${stack.s3Origin}/`)).toBe(true);
    expect(url).toContain('X-Amz-Signature=');
    expect(readFileSync((await download.path())!).equals(briefBytes)).toBe(true);
    const answer = await fetch(url);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-disposition')).toContain('brief-v2.pdf');
    expect(Buffer.from(await answer.arrayBuffer()).equals(briefBytes)).toBe(true);
    expect(page.url()).toContain(`/projects/${fixture.projectId}`);
  });

  it('a project with nothing shared says so; a failed load offers to try again', async () => {
    let failing = true;
    await page.route(`${stack.origin}/graphql`, (route) =>
      failing && isGraphQL(route.request(), 'ProjectTimeline')
        ? route.abort('connectionfailed')
        : route.continue(),
    );
    await page.goto(`${stack.origin}/p/${fixture.ws.slug}/projects/${emptyProjectId}`);
    await page.getByRole('heading', { name: 'Quiet project' }).waitFor();
    await page.getByText('No files or links shared yet.').waitFor();
    const error = page.getByRole('alert').filter({ hasText: 'The portal cannot be reached' });
    await error.waitFor();
    await checkPage(page, 'overview-empty-error');
    failing = false;
    await error.getByRole('button', { name: 'Try again' }).click();
    await activity().getByText('Ava Owner created the project').waitFor();
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    await page.unroute(`${stack.origin}/graphql`);
    expect(browser.foreignRequests).toEqual([]);
    expect(browser.policyViolations).toEqual([]);
  });
});
