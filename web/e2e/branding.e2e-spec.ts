import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { ok } from '../../server/src/test/api.harness';
import { createClientWithContacts } from '../../server/src/test/email.fixture';
import { COMPLETE_BRANDING_UPLOAD, postForm, requestUpload } from '../../server/src/test/upload.fixture';
import { checkPage, openBrowser, type Browser } from './browser.harness';
import { signInThroughPages } from './portal-pages.fixture';
import { solidPng } from './png.fixture';
import {
  createPortalFixture,
  startPortalStack,
  type PortalFixture,
  type PortalStack,
} from './portal-stack.harness';

describe('the portal in the workspace’s branding', () => {
  let stack: PortalStack;
  let browser: Browser;
  let page: Page;
  let fixture: PortalFixture;

  const uploadImage = async (purpose: 'LOGO' | 'BACKGROUND_IMAGE', bytes: Buffer) => {
    const ticket = await requestUpload(stack.api, fixture.ws.token, {
      purpose,
      fileName: `${purpose.toLowerCase()}.png`,
      contentType: 'image/png',
      size: bytes.length,
    });
    expect((await postForm(ticket, bytes)).status).toBe(204);
    return ok(await stack.api.gql(COMPLETE_BRANDING_UPLOAD, { id: ticket.uploadId }, fixture.ws.token))
      .completeBrandingUpload.branding;
  };

  const signIn = (email: string) => signInThroughPages(page, stack, fixture.ws.slug, email);

  beforeAll(async () => {
    stack = await startPortalStack();
    fixture = await createPortalFixture(stack.api, 'Fjord & Field');
    await uploadImage('LOGO', solidPng(120, 40, [15, 118, 110]));
    await uploadImage('BACKGROUND_IMAGE', solidPng(64, 64, [200, 220, 240]));
    browser = await openBrowser(stack.origin, [stack.api.context.storage.browserOrigin!]);
    page = browser.page;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('the sign-in page shows the logo, the background image and the accent colour', async () => {
    await page.goto(`${stack.origin}/p/${fixture.ws.slug}/login`);
    const logo = page.locator('.sign-in__brand img');
    await logo.waitFor();
    await page.waitForFunction(() => {
      const img = (globalThis as any).document.querySelector('.sign-in__brand img');
      return img?.complete && img.naturalWidth === 120;
    });
    expect(await page.locator('.sign-in').evaluate((el) => (el as any).style.backgroundImage)).toContain(
      `/branding/${fixture.ws.workspaceId}/background`,
    );
    const accent = await page
      .locator('.sign-in__card')
      .evaluate((el) => (globalThis as any).getComputedStyle(el).borderTopColor);
    expect(accent).toBe('rgb(15, 118, 110)');
    expect(await page.getByText('Powered by').count()).toBe(1);
    await checkPage(page, 'branding-login');
  });

  it('whitelabel hides the "Powered by" footer; the header shows logo, company and contact', async () => {
    await fixture.member(`mutation { updateBranding(input: { showYourBrand: true }) { id } }`);
    await signIn(fixture.contact.email);
    await page.locator('.portal-header img.brand__logo').waitFor();
    expect(await page.locator('.brand__name').textContent()).toBe('Fjord & Field');
    expect(await page.getByText('Powered by').count()).toBe(0);
    await checkPage(page, 'branding-whitelabel');
  });

  it('a contact whose client has no active project sees an empty state', async () => {
    const email = `sam-${randomBytes(3).toString('hex')}@other.test`;
    await createClientWithContacts(stack.api, fixture.ws, [{ name: 'Sam Lee', email }]);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login\?reason=signed-out$/);
    await signIn(email);
    await page.getByRole('heading', { name: 'No active projects' }).waitFor();
    expect(await page.locator('.account__contact').textContent()).toBe('Sam Lee');
    await checkPage(page, 'projects-empty');
    expect(browser.foreignRequests).toEqual([]);
    expect(browser.policyViolations).toEqual([]);
  });
});
