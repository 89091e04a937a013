import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApi, type TestApi } from '../test/api.harness';
import { CONSOLE_DIST, WEB_DIST } from './portal-static.routes';

describe('the portal pages served under /p/', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('serves index.html for every portal route, never cached, with a strict policy', async () => {
    for (const path of [
      '/p/studio/login',
      '/p/studio/auth?token=abc',
      '/p/studio/projects/42?tab=billing',
      '/p/',
    ]) {
      const response = await fetch(`${api.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<div id="root">');
      const policy = response.headers.get('content-security-policy')!;
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("font-src 'self'");
      // Uploads and logos reach the file store; nothing else is allowed.
      const files = api.context.storage.browserOrigin!;
      expect(files).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(policy).toContain(`connect-src 'self' ${files}`);
      expect(policy).toContain(`img-src 'self' data: blob: ${files}`);
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
    }
  });

  it('caches the hashed assets for a year and answers 404 for a missing one', async () => {
    const assets = readdirSync(join(WEB_DIST, 'assets'));
    const script = assets.find((name) => name.endsWith('.js'))!;
    const response = await fetch(`${api.url}/p/assets/${script}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${api.url}/p/assets/index-missing.js`)).status).toBe(404);
  });
});

describe("the members' console served under /app/", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('serves its own index.html for every console route, with the same strict policy, and its assets', async () => {
    for (const path of ['/app/login', '/app/auth?token=abc', '/app/', '/app']) {
      const response = await fetch(`${api.url}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.headers.get('cache-control')).toBe('no-cache');
      const html = await response.text();
      expect(html).toContain('<title>Console · Client Portal</title>');
      expect(html).toContain('src="/app/assets/');
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
    }
    const script = readdirSync(join(CONSOLE_DIST, 'assets')).find((name) => name.endsWith('.js'))!;
    const asset = await fetch(`${api.url}/app/assets/${script}`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // The portal's index is not the console's.
    expect(await (await fetch(`${api.url}/p/studio/login`)).text()).not.toContain('Console · Client Portal');
  });
});
