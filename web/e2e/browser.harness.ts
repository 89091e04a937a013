import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where screenshots go: git-ignored, kept after the run for people to look at. */
export const ARTIFACTS = join(__dirname, '..', '..', 'artifacts', 'e2e');

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Every request the pages made to another origin than the portal's and the allowed ones. */
  foreignRequests: string[];
  /** What the browser refused under the portal's Content-Security-Policy (from its console). */
  policyViolations: string[];
  close(): Promise<void>;
}

/**
 * A fresh headless Chromium profile. Requests leaving for any origin other
 * than the portal's own (and the S3 server, for uploads and downloads) are
 * recorded and refused: the portal must load no fonts or scripts from
 * elsewhere, and nothing may reach the network of the machine.
 */
export async function openBrowser(origin: string, allowedOrigins: string[] = []): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'portal-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  const foreignRequests: string[] = [];
  const allowed = new Set([origin, ...allowedOrigins]);
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    const requestOrigin = new URL(url).origin;
    if (allowed.has(requestOrigin) || url.startsWith('data:') || url.startsWith('blob:'))
      return route.continue();
    foreignRequests.push(url);
    return route.abort('blockedbyclient');
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const policyViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) policyViolations.push(message.text());
  });
  return {
    context,
    page,
    foreignRequests,
    policyViolations,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is: the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: the portal's Content-Security-Policy forbids inline scripts.
  if (!(await page.evaluate<boolean>("'axe' in window"))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as any).axe;
    const result = await axe.run((globalThis as any).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n: any) => n.target.join(' ')),
    }));
  });
  return (violations as AxeViolation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * The page at 1280 and 375 px wide, full length, into artifacts/e2e/NAME-1280.png
 * and NAME-375.png; the viewport is put back to desktop afterwards.
 */
export async function capture(page: Page, name: string): Promise<string[]> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const files: string[] = [];
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(50);
    const file = join(ARTIFACTS, `${name}-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    files.push(file);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  return files;
}

/** Whether the page scrolls sideways at its current width (a layout that does not fit a phone). */
export async function overflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate<boolean>(
    'document.documentElement.scrollWidth > document.documentElement.clientWidth + 1',
  );
}

/** Screenshots at both widths, the page fits a 360 px phone, and no serious axe violation: every page gets this. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await capture(page, name);
  await page.setViewportSize({ width: 360, height: 800 });
  const overflow = await overflowsHorizontally(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  expect({ page: name, overflowsAt360: overflow }).toEqual({ page: name, overflowsAt360: false });
  expect({ page: name, violations: await seriousViolations(page) }).toEqual({ page: name, violations: [] });
}
