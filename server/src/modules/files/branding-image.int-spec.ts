import {
  createTestWorkspace,
  ok,
  startTestApi,
  type GraphQLResult,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';
import {
  COMPLETE_BRANDING_UPLOAD,
  COMPLETE_DOCUMENT_UPLOAD,
  directClient,
  imageBytes,
  keyOf,
  postForm,
  REQUEST_UPLOAD,
  requestUpload,
  SVG_WITH_SCRIPT,
  type Ticket,
} from '../../test/upload.fixture';
import { composeSignInEmail } from '../emails/sign-in.email';
import { EmailSeal } from '../emails/email.seal';
import { sealBinding, type SignInEmailJob } from '../emails/email.jobs';

const PUBLIC_URL = 'https://portal.example.test';
const MiB = 1024 * 1024;
const BRANDING = `{ viewer { ... on MemberViewer { workspace { branding { logoUrl backgroundImageUrl } } } } }`;

describe('branding images: upload, the stable addresses and their redirects', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let bare: TestWorkspace;

  const sql = async (text: string, values: unknown[] = []) => (await api.db.owner.query(text, values)).rows;
  const exists = async (key: string) => (await api.context.storage.stat(key)) !== null;
  const refusal = (result: GraphQLResult) => {
    expect(result.data ?? null).toBeNull();
    return result.errors?.[0]?.extensions;
  };
  /** GET a stable address on the running API, without following the redirect. */
  const open = (stableUrl: string) =>
    fetch(`${api.url}${new URL(stableUrl).pathname}`, { redirect: 'manual' });

  async function uploadImage(purpose: 'LOGO' | 'BACKGROUND_IMAGE', bytes: Buffer, contentType = 'image/png') {
    const ticket = await requestUpload(api, ws.token, {
      purpose,
      fileName: `${purpose.toLowerCase()}.png`,
      contentType,
      size: bytes.length,
    });
    expect((await postForm(ticket, bytes)).status).toBe(204);
    return ticket;
  }
  const completeBranding = (ticket: Ticket) =>
    api.gql(COMPLETE_BRANDING_UPLOAD, { id: ticket.uploadId }, ws.token);

  beforeAll(async () => {
    api = await startTestApi({ PUBLIC_URL });
    ws = await createTestWorkspace(api);
    bare = await createTestWorkspace(api, 'Bo Bare');
  });
  afterAll(() => api.stop());

  it('a logo: ticket under the branding prefix, completion, logoUrl a stable address that redirects to the image', async () => {
    const bytes = imageBytes('image/png', 3000);
    const ticket = await uploadImage('LOGO', bytes);
    expect(ticket.maxSize).toBe(5 * MiB);
    expect(keyOf(ticket)).toMatch(new RegExp(`^workspaces/${ws.workspaceId}/branding/[0-9a-f-]{36}$`));

    const workspace = ok(await completeBranding(ticket)).completeBrandingUpload;
    const logoUrl = `${PUBLIC_URL}/branding/${ws.workspaceId}/logo`;
    expect(workspace).toEqual({ id: ws.workspaceId, branding: { logoUrl, backgroundImageUrl: null } });
    expect(ok(await api.gql(BRANDING, {}, ws.token)).viewer.workspace.branding.logoUrl).toBe(logoUrl);
    // The sign-in page's public view has it too.
    expect(
      ok(await api.gql(`query($s: String!) { portal(slug: $s) { branding { logoUrl } } }`, { s: ws.slug })),
    ).toEqual({ portal: { branding: { logoUrl } } });

    const redirect = await open(logoUrl);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('cache-control')).toBe('no-store');
    const location = redirect.headers.get('location')!;
    expect(location).toContain('X-Amz-Signature=');
    const image = await fetch(location);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).equals(bytes)).toBe(true);

    expect(
      await sql(
        `SELECT data, metadata->'actor'->>'kind' AS actor FROM es_events WHERE stream_id = $1 AND type = 'BrandingImageSet'`,
        [`workspace-${ws.workspaceId}`],
      ),
    ).toEqual([
      {
        data: {
          workspaceId: ws.workspaceId,
          image: 'LOGO',
          uploadId: ticket.uploadId,
          storageKey: keyOf(ticket),
          contentType: 'image/png',
        },
        actor: 'MEMBER',
      },
    ]);
  });

  it('completing twice makes one event; a new logo keeps the same address, which now serves the new image', async () => {
    const first = await uploadImage('LOGO', imageBytes('image/png', 100));
    ok(await completeBranding(first));
    ok(await completeBranding(first));
    const countEvents = async () =>
      (
        await sql(
          `SELECT count(*)::int AS n FROM es_events WHERE stream_id = $1 AND type = 'BrandingImageSet'`,
          [`workspace-${ws.workspaceId}`],
        )
      )[0].n;
    const before = await countEvents();
    const newer = imageBytes('image/webp', 200);
    const second = await uploadImage('LOGO', newer, 'image/webp');
    const { logoUrl } = ok(await completeBranding(second)).completeBrandingUpload.branding;
    expect(logoUrl).toBe(`${PUBLIC_URL}/branding/${ws.workspaceId}/logo`);
    ok(await completeBranding(first)); // an older ticket, completed already: nothing changes back
    expect(await countEvents()).toBe(before + 1);
    const served = await fetch((await open(logoUrl)).headers.get('location')!);
    expect(served.headers.get('content-type')).toBe('image/webp');
    expect(Buffer.from(await served.arrayBuffer()).equals(newer)).toBe(true);
    // The old image's object stays (only the purge of removed documents deletes objects).
    expect(await exists(keyOf(first))).toBe(true);
  });

  it('a background image, at its own address', async () => {
    const bytes = imageBytes('image/jpeg', 500);
    const ticket = await uploadImage('BACKGROUND_IMAGE', bytes, 'image/jpeg');
    const { branding } = ok(await completeBranding(ticket)).completeBrandingUpload;
    expect(branding.backgroundImageUrl).toBe(`${PUBLIC_URL}/branding/${ws.workspaceId}/background`);
    const served = await fetch((await open(branding.backgroundImageUrl)).headers.get('location')!);
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('404 for a workspace without the image, an unknown workspace or image, never a redirect', async () => {
    for (const path of [
      `/branding/${bare.workspaceId}/logo`,
      `/branding/${bare.workspaceId}/background`,
      `/branding/00000000-0000-4000-8000-000000000000/logo`,
      `/branding/not-a-uuid/logo`,
      `/branding/${ws.workspaceId}/favicon`,
      `/branding/${ws.workspaceId}/constructor`,
    ]) {
      const response = await fetch(`${api.url}${path}`, { redirect: 'manual' });
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
    expect(ok(await api.gql(BRANDING, {}, bare.token)).viewer.workspace.branding).toEqual({
      logoUrl: null,
      backgroundImageUrl: null,
    });
  });

  it('images only, 5 MiB at most; the wrong kind of ticket or a stored type that differs is refused', async () => {
    const input = { fileName: 'logo', contentType: 'image/png', size: 100 };
    const cases: [Record<string, unknown>, string][] = [
      [{ contentType: 'application/pdf' }, 'input.contentType'],
      [{ contentType: 'image/svg+xml' }, 'input.contentType'],
      [{ contentType: 'text/plain' }, 'input.contentType'],
      [{ size: 5 * MiB + 1 }, 'input.size'],
    ];
    for (const purpose of ['LOGO', 'BACKGROUND_IMAGE'])
      for (const [change, field] of cases)
        expect(
          refusal(await api.gql(REQUEST_UPLOAD, { input: { ...input, purpose, ...change } }, ws.token)),
        ).toEqual({
          code: 'BAD_USER_INPUT',
          field,
        });
    expect((await requestUpload(api, ws.token, { ...input, purpose: 'LOGO', size: 5 * MiB })).maxSize).toBe(
      5 * MiB,
    );

    // A branding ticket is not a document, nor the other way round.
    const logo = await uploadImage('LOGO', imageBytes('image/png', 16));
    expect(refusal(await api.gql(COMPLETE_DOCUMENT_UPLOAD, { id: logo.uploadId }, ws.token))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'uploadId',
    });

    // Stored with another type than the ticket's: deleted, and the logo stays as it was.
    const before = ok(await api.gql(BRANDING, {}, ws.token)).viewer.workspace.branding;
    const ticket = await requestUpload(api, ws.token, { ...input, purpose: 'LOGO', size: 5 });
    const { client, bucket } = directClient(ticket);
    await client.putObject(bucket, keyOf(ticket), Buffer.from('<svg>'), 5, {
      'Content-Type': 'image/svg+xml',
    });
    expect(refusal(await completeBranding(ticket))).toEqual({ code: 'BAD_USER_INPUT', field: 'uploadId' });
    expect(await exists(keyOf(ticket))).toBe(false);
    expect(ok(await api.gql(BRANDING, {}, ws.token)).viewer.workspace.branding).toEqual(before);
  });

  it('an SVG, or another format, sent as a raster type is refused at completion: deleted, nothing recorded', async () => {
    const streamEvents = async () =>
      (
        await sql(`SELECT count(*)::int AS n FROM es_events WHERE stream_id = $1`, [
          `workspace-${ws.workspaceId}`,
        ])
      )[0].n;
    const before = ok(await api.gql(BRANDING, {}, ws.token)).viewer.workspace.branding;
    const eventsBefore = await streamEvents();
    const cases: ['LOGO' | 'BACKGROUND_IMAGE', string, Buffer, RegExp][] = [
      ['LOGO', 'image/png', SVG_WITH_SCRIPT, /not a PNG image.*markup/],
      ['BACKGROUND_IMAGE', 'image/png', SVG_WITH_SCRIPT, /not a PNG image.*markup/],
      ['LOGO', 'image/jpeg', imageBytes('image/png', 64), /not a JPEG image.*PNG/],
      ['LOGO', 'image/webp', imageBytes('image/gif', 64), /not a WebP image.*GIF/],
      ['BACKGROUND_IMAGE', 'image/gif', Buffer.from('GIF'), /not a GIF image/],
    ];
    for (const [purpose, contentType, bytes, message] of cases) {
      // Through the real form: S3 stores whatever bytes come with the type the policy pins.
      const ticket = await uploadImage(purpose, bytes, contentType);
      expect(await exists(keyOf(ticket))).toBe(true);
      const result = await completeBranding(ticket);
      expect({ contentType, refusal: refusal(result) }).toEqual({
        contentType,
        refusal: { code: 'BAD_USER_INPUT', field: 'uploadId' },
      });
      expect(result.errors![0].message).toMatch(message);
      expect(result.errors![0].message).toContain('deleted');
      expect(await exists(keyOf(ticket))).toBe(false);
    }
    expect(await streamEvents()).toBe(eventsBefore);
    expect(ok(await api.gql(BRANDING, {}, ws.token)).viewer.workspace.branding).toEqual(before);
  });

  it('the stable address and the signed GET it redirects to say nosniff; the GET is signed for the stored type, inline', async () => {
    const bytes = imageBytes('image/gif', 300);
    const { logoUrl } = ok(await completeBranding(await uploadImage('LOGO', bytes, 'image/gif')))
      .completeBrandingUpload.branding;
    const redirect = await open(logoUrl);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('x-content-type-options')).toBe('nosniff');
    const location = new URL(redirect.headers.get('location')!);
    expect(location.searchParams.get('response-content-type')).toBe('image/gif');
    expect(location.searchParams.get('response-content-disposition')).toBe('inline');
    const image = await fetch(location);
    expect(image.status).toBe(200);
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    expect(image.headers.get('content-type')).toBe('image/gif');
    expect(image.headers.get('content-disposition')).toBe('inline');
    expect(Buffer.from(await image.arrayBuffer()).equals(bytes)).toBe(true);
    // The type is signed: asking for another one is refused.
    location.searchParams.set('response-content-type', 'text/html');
    expect((await fetch(location)).status).toBe(403);
    // The 404 too.
    const missing = await fetch(`${api.url}/branding/${bare.workspaceId}/logo`, { redirect: 'manual' });
    expect([missing.status, missing.headers.get('x-content-type-options')]).toEqual([404, 'nosniff']);
  });

  it('removeBrandingImage: the image is no longer shown, its stable address answers 404, and nothing else changes', async () => {
    const gone = await createTestWorkspace(api, 'Gil Gone');
    const ticket = await requestUpload(api, gone.token, {
      purpose: 'BACKGROUND_IMAGE',
      fileName: 'bg.png',
      contentType: 'image/png',
      size: 2000,
    });
    expect((await postForm(ticket, imageBytes('image/png', 2000))).status).toBe(204);
    ok(await api.gql(COMPLETE_BRANDING_UPLOAD, { id: ticket.uploadId }, gone.token));
    const url = `${PUBLIC_URL}/branding/${gone.workspaceId}/background`;
    expect((await open(url)).status).toBe(302);
    const removed = ok(
      await api.gql(
        'mutation { removeBrandingImage(image: BACKGROUND_IMAGE) { branding { logoUrl backgroundImageUrl } } }',
        {},
        gone.token,
      ),
    ).removeBrandingImage;
    expect(removed).toEqual({ branding: { logoUrl: null, backgroundImageUrl: null } });
    expect((await open(url)).status).toBe(404);
    // Again: nothing to remove, nothing appended; a contact may not; another workspace's stays.
    const events = async () =>
      (
        await sql(`SELECT count(*)::int AS n FROM es_events WHERE stream_id = $1`, [
          `workspace-${gone.workspaceId}`,
        ])
      )[0].n;
    const before = await events();
    ok(await api.gql('mutation { removeBrandingImage(image: BACKGROUND_IMAGE) { id } }', {}, gone.token));
    expect(await events()).toBe(before);
    expect(refusal(await api.gql('mutation { removeBrandingImage(image: LOGO) { id } }'))).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(ok(await api.gql(BRANDING, {}, ws.token)).viewer.workspace.branding.logoUrl).not.toBeNull();
  });

  it("the workspace's emails show the logo by its stable address", async () => {
    const seal = new EmailSeal();
    const jobFor = async (workspaceId: string) => {
      const job: SignInEmailJob = {
        kind: 'sign-in',
        workspaceId,
        eventId: '00000000-0000-4000-8000-000000000001',
        to: { email: 'jane@smith.test', name: 'Jane Smith' },
        expiresAt: new Date(Date.now() + 600_000).toISOString(),
      };
      job.sealedLink = await seal.seal(
        `${PUBLIC_URL}/p/${ws.slug}/auth?token=abc`,
        sealBinding(job),
        api.context.pool,
      );
      return job;
    };
    const context = { publicUrl: PUBLIC_URL, seal };
    const withLogo = await composeSignInEmail(
      await jobFor(ws.workspaceId),
      api.context.pool,
      new Date(),
      context,
    );
    expect(withLogo.html).toContain(`<img src="${PUBLIC_URL}/branding/${ws.workspaceId}/logo"`);
    const without = await composeSignInEmail(
      await jobFor(bare.workspaceId),
      api.context.pool,
      new Date(),
      context,
    );
    expect(without.html).not.toContain('<img');
  });
});
