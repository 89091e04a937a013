import {
  createTestWorkspace,
  ok,
  signInAsContact,
  startTestApi,
  type GraphQLResult,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';
import {
  COMPLETE_DOCUMENT_UPLOAD,
  directClient,
  fieldOf,
  fileBytes,
  imageBytes,
  keyOf,
  policyOf,
  postForm,
  REQUEST_UPLOAD,
  requestUpload,
  s3Code,
  SVG_WITH_SCRIPT,
  uploadDocument,
  type Ticket,
} from '../../test/upload.fixture';

const MAX = 64 * 1024;
const CREATE_CLIENT = `mutation($input: CreateClientInput!) { createClient(input: $input) { id contacts { id email } } }`;
const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`;
const SET_STATUS = `mutation($id: ID!, $s: ProjectStatus!) { setProjectStatus(id: $id, status: $s) { id } }`;
const REMOVE_DOCUMENT = `mutation($id: ID!) { removeDocument(id: $id) }`;
const PROJECT_DOCUMENTS = `query($id: ID!) { project(id: $id) {
  documents { id kind name url contentType size sharedBy { kind name } } } }`;
const TIMELINE = `query($id: ID!) { project(id: $id) { timeline(first: 50) { edges { node { type summary actor { kind name } } } } } }`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('files: uploads through signed S3 POST forms, completion and downloads', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let clientId: string;
  let projectId: string;
  let jane: { cookie: string };
  let john: { cookie: string };
  let otto: { cookie: string };
  let ottoProjectId: string;
  /** The API's clock runs this far from the real one (the S3 server keeps real time). */
  let offsetMs = 0;

  const sql = async (text: string, values: unknown[] = []) => (await api.db.owner.query(text, values)).rows;
  /** The log's rows with their sealed personal values opened, as the store reads them. */
  const opened = async (text: string, values: unknown[] = []) =>
    (await api.context.store.personalData.openValues(await sql(text, values), api.db.owner)) as any[];
  const member = () => ws.token;
  const exists = async (key: string) => (await api.context.storage.stat(key)) !== null;
  const logSize = async () => (await sql('SELECT count(*)::int AS n FROM es_events'))[0].n as number;
  const refusal = (result: GraphQLResult) => {
    expect(result.data ?? null).toBeNull();
    return result.errors?.[0]?.extensions;
  };
  const complete = (ticket: Ticket, as: string | { cookie: string }) =>
    api.gql(COMPLETE_DOCUMENT_UPLOAD, { id: ticket.uploadId }, as);

  beforeAll(async () => {
    api = await startTestApi({ UPLOAD_MAX_BYTES: String(MAX) }, () => new Date(Date.now() + offsetMs));
    ws = await createTestWorkspace(api);
    const client = ok(
      await api.gql(
        CREATE_CLIENT,
        {
          input: {
            name: 'Smith & Co',
            contacts: [
              { name: 'Jane Smith', email: 'jane@smith.test' },
              { name: 'John Smith', email: 'john@smith.test' },
            ],
          },
        },
        member(),
      ),
    ).createClient;
    clientId = client.id;
    projectId = ok(await api.gql(CREATE_PROJECT, { input: { clientId, name: 'Website' } }, member()))
      .createProject.id;
    const other = ok(
      await api.gql(
        CREATE_CLIENT,
        { input: { name: 'Other Ltd', contacts: [{ name: 'Otto Other', email: 'otto@other.test' }] } },
        member(),
      ),
    ).createClient;
    ottoProjectId = ok(
      await api.gql(CREATE_PROJECT, { input: { clientId: other.id, name: 'Shop' } }, member()),
    ).createProject.id;
    jane = await signInAsContact(api, ws.slug, 'jane@smith.test');
    john = await signInAsContact(api, ws.slug, 'john@smith.test');
    otto = await signInAsContact(api, ws.slug, 'otto@other.test');
  });
  afterEach(() => {
    offsetMs = 0;
  });
  afterAll(() => api.stop());

  it('a member: the ticket, a real multipart POST, completion, the list, the log, the timeline and the download', async () => {
    const bytes = fileBytes(5000);
    const before = Date.now();
    const ticket = await requestUpload(api, member(), {
      projectId,
      fileName: 'brief.pdf',
      contentType: 'application/pdf',
      size: bytes.length,
    });
    expect(ticket.uploadId).toMatch(UUID);
    expect(ticket.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/portal$/);
    expect(ticket.maxSize).toBe(MAX);
    const expiresAt = Date.parse(ticket.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 10 * 60_000 - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 10 * 60_000 + 1000);
    // The key is the server's, never the file's name; the type is pinned; 1 byte to the limit.
    const key = keyOf(ticket);
    expect(key).toMatch(new RegExp(`^workspaces/${ws.workspaceId}/projects/${projectId}/[0-9a-f-]{36}$`));
    expect(fieldOf(ticket, 'Content-Type')).toBe('application/pdf');
    const policy = policyOf(ticket);
    expect(Date.parse(policy.expiration)).toBe(expiresAt);
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['eq', '$key', key],
        ['eq', '$Content-Type', 'application/pdf'],
        ['content-length-range', 1, MAX],
        ['eq', '$bucket', 'portal'],
      ]),
    );

    expect(await postForm(ticket, bytes, { fileName: 'brief.pdf' })).toEqual({ status: 204, body: '' });
    const document = ok(await complete(ticket, member())).completeDocumentUpload;
    expect(document).toEqual({
      id: expect.stringMatching(UUID),
      kind: 'FILE',
      name: 'brief.pdf',
      url: expect.stringContaining('X-Amz-Signature='),
      contentType: 'application/pdf',
      size: 5000,
      sharedBy: { kind: 'MEMBER', id: ws.ownerId, name: 'Ava Owner' },
      sharedAt: expect.any(String),
    });

    const listed = ok(await api.gql(PROJECT_DOCUMENTS, { id: projectId }, member())).project.documents;
    const mine = listed.find((d: { id: string }) => d.id === document.id);
    expect(mine).toEqual({
      id: document.id,
      kind: 'FILE',
      name: 'brief.pdf',
      url: expect.any(String),
      contentType: 'application/pdf',
      size: 5000,
      sharedBy: { kind: 'MEMBER', name: 'Ava Owner' },
    });
    expect(mine.url).toContain('X-Amz-Expires=300');
    const download = await fetch(mine.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="brief.pdf"');
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);

    expect(
      await opened(
        `SELECT type, data, metadata->'actor' AS actor FROM es_events WHERE stream_id = $1 ORDER BY stream_position`,
        [`document-${document.id}`],
      ),
    ).toEqual([
      {
        type: 'DocumentUploaded',
        data: {
          workspaceId: ws.workspaceId,
          clientId,
          projectId,
          documentId: document.id,
          uploadId: ticket.uploadId,
          fileName: 'brief.pdf',
          contentType: 'application/pdf',
          size: 5000,
          storageKey: key,
          uploadedAt: expect.any(String),
        },
        actor: { kind: 'MEMBER', id: ws.ownerId, name: 'Ava Owner' },
      },
    ]);
    expect(
      await sql('SELECT kind, name, url, storage_key, content_type, size::int FROM documents WHERE id = $1', [
        document.id,
      ]),
    ).toEqual([
      {
        kind: 'FILE',
        name: 'brief.pdf',
        url: null,
        storage_key: key,
        content_type: 'application/pdf',
        size: 5000,
      },
    ]);
    expect(
      await sql(
        'SELECT document_id, completed_at IS NOT NULL AS completed FROM upload_tickets WHERE id = $1',
        [ticket.uploadId],
      ),
    ).toEqual([{ document_id: document.id, completed: true }]);
    // Every contact of the client sees the entry.
    for (const contact of [jane, john])
      expect(ok(await api.gql(TIMELINE, { id: projectId }, contact)).project.timeline.edges[0].node).toEqual({
        type: 'DocumentUploaded',
        summary: 'Ava Owner uploaded brief.pdf',
        actor: { kind: 'MEMBER', name: 'Ava Owner' },
      });
  });

  it("a contact uploads to their client's project; the other contacts and the members see it, and download it", async () => {
    const bytes = Buffer.from('Meeting notes\nline two\n');
    const { document, ticket } = await uploadDocument(api, jane, projectId, 'notes.txt', bytes, 'text/plain');
    expect(document).toMatchObject({
      kind: 'FILE',
      name: 'notes.txt',
      sharedBy: { kind: 'CONTACT', name: 'Jane Smith' },
    });
    expect(
      (await sql(`SELECT requested_by FROM upload_tickets WHERE id = $1`, [ticket.uploadId]))[0].requested_by,
    ).toMatchObject({ kind: 'CONTACT', name: 'Jane Smith' });
    for (const as of [john, member()]) {
      const listed = ok(await api.gql(PROJECT_DOCUMENTS, { id: projectId }, as)).project.documents;
      const seen = listed.find((d: { id: string }) => d.id === document.id);
      expect(seen).toMatchObject({
        kind: 'FILE',
        name: 'notes.txt',
        contentType: 'text/plain',
        size: bytes.length,
        sharedBy: { kind: 'CONTACT', name: 'Jane Smith' },
      });
      const download = await fetch(seen.url);
      expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
      expect(download.headers.get('content-disposition')).toBe('attachment; filename="notes.txt"');
      expect(ok(await api.gql(TIMELINE, { id: projectId }, as)).project.timeline.edges[0].node).toEqual({
        type: 'DocumentUploaded',
        summary: 'Jane Smith uploaded notes.txt',
        actor: { kind: 'CONTACT', name: 'Jane Smith' },
      });
    }
  });

  it('a name that is not plain ASCII downloads under its own name (filename*), with a safe fallback', async () => {
    const { document } = await uploadDocument(api, member(), projectId, 'Café "final".pdf', fileBytes(10));
    const download = await fetch(document.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="Caf_ _final_.pdf"; filename*=UTF-8''Caf%C3%A9%20%22final%22.pdf`,
    );
    const apostrophe = (
      await uploadDocument(api, member(), projectId, "John's brief (v2)!.pdf", fileBytes(10))
    ).document;
    const named = await fetch(apostrophe.url);
    expect(named.status).toBe(200);
    expect(named.headers.get('content-disposition')).toBe(`attachment; filename="John's brief (v2)!.pdf"`);
    // Such a URL is held to its signature and its expiry all the same.
    expect(apostrophe.url).toContain('%28v2%29');
    expect((await fetch(apostrophe.url.replace('%28v2%29', '%28v3%29'))).status).toBe(403);
    offsetMs = -6 * 60_000;
    const stale = ok(await api.gql(PROJECT_DOCUMENTS, { id: projectId }, member())).project.documents.find(
      (d: { id: string }) => d.id === apostrophe.id,
    ).url;
    expect((await fetch(stale)).status).toBe(403);
  });

  it('an image document must begin as its type: an SVG sent as a PNG is deleted at completion and records nothing', async () => {
    const before = await logSize();
    for (const [contentType, bytes] of [
      ['image/png', SVG_WITH_SCRIPT],
      ['image/jpeg', imageBytes('image/webp', 40)],
      ['image/gif', fileBytes(40)],
    ] as const) {
      const ticket = await requestUpload(api, jane, {
        projectId,
        fileName: 'picture',
        contentType,
        size: bytes.length,
      });
      expect((await postForm(ticket, bytes)).status).toBe(204);
      const result = await complete(ticket, jane);
      expect({ contentType, refusal: refusal(result) }).toEqual({
        contentType,
        refusal: { code: 'BAD_USER_INPUT', field: 'uploadId' },
      });
      expect(result.errors![0].message).toMatch(/uploadId: the uploaded file is not an? \w+ image/);
      expect(await exists(keyOf(ticket))).toBe(false);
    }
    expect(await logSize()).toBe(before);
    // Each type as it really begins goes through; a file that is no image is not looked into.
    for (const contentType of ['image/png', 'image/jpeg', 'image/gif', 'image/webp'])
      await uploadDocument(api, jane, projectId, 'picture', imageBytes(contentType, 100), contentType);
    await uploadDocument(api, jane, projectId, 'data.csv', Buffer.from('<svg>,1\n'), 'text/csv');
  });

  it('downloads say nosniff, are signed for the stored type, and come as attachments (an image or a PDF too)', async () => {
    const cases: [string, string, Buffer][] = [
      ['notes.txt', 'text/plain', Buffer.from('<script>alert(1)</script>')],
      ['photo.png', 'image/png', imageBytes('image/png', 50)],
      ['brief.pdf', 'application/pdf', Buffer.from('%PDF-1.7\n')],
    ];
    for (const [name, contentType, bytes] of cases) {
      const { document } = await uploadDocument(api, member(), projectId, name, bytes, contentType);
      const url = new URL(document.url);
      expect(url.searchParams.get('response-content-type')).toBe(contentType);
      expect(url.searchParams.get('response-content-disposition')).toBe(`attachment; filename="${name}"`);
      const download = await fetch(url);
      expect({
        name,
        status: download.status,
        type: download.headers.get('content-type'),
        nosniff: download.headers.get('x-content-type-options'),
        disposition: download.headers.get('content-disposition'),
      }).toEqual({
        name,
        status: 200,
        type: contentType,
        nosniff: 'nosniff',
        disposition: `attachment; filename="${name}"`,
      });
      // The type is signed: asking for another one is refused.
      url.searchParams.set('response-content-type', 'text/html');
      expect((await fetch(url)).status).toBe(403);
    }
  });

  it('bidirectional-override characters are stripped from a file name at request, completion and in the events', async () => {
    const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
    const { document, ticket } = await uploadDocument(
      api,
      member(),
      projectId,
      'invoice\u202efdp.exe',
      fileBytes(20),
    );
    expect(document.name).toBe('invoicefdp.exe');
    expect((await sql('SELECT file_name FROM upload_tickets WHERE id = $1', [ticket.uploadId]))[0]).toEqual({
      file_name: 'invoicefdp.exe',
    });
    const download = await fetch(document.url);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="invoicefdp.exe"');
    // Every one of them, anywhere in the name; a name of nothing else is no name.
    const all = '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c';
    const mixed = await requestUpload(api, member(), {
      projectId,
      fileName: `${all}re${all}port${all}.pdf${all}`,
      contentType: 'application/pdf',
      size: 10,
    });
    expect((await sql('SELECT file_name FROM upload_tickets WHERE id = $1', [mixed.uploadId]))[0]).toEqual({
      file_name: 'report.pdf',
    });
    const empty = await api.gql(
      REQUEST_UPLOAD,
      {
        input: {
          purpose: 'PROJECT_DOCUMENT',
          projectId,
          fileName: ` ${all} `,
          contentType: 'application/pdf',
          size: 10,
        },
      },
      member(),
    );
    expect(refusal(empty)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.fileName' });

    // A ticket stored with such a name (before names were cleaned) completes to a clean document and event.
    const old = await requestUpload(api, jane, {
      projectId,
      fileName: 'contract.pdf',
      contentType: 'application/pdf',
      size: 10,
    });
    await sql('UPDATE upload_tickets SET file_name = $2 WHERE id = $1', [
      old.uploadId,
      'contract\u202eexe.pdf',
    ]);
    expect((await postForm(old, fileBytes(10))).status).toBe(204);
    const completed = ok(await complete(old, jane)).completeDocumentUpload;
    expect(completed.name).toBe('contractexe.pdf');
    const events = await sql(`SELECT data FROM es_events WHERE stream_id = ANY($1)`, [
      [`document-${document.id}`, `document-${completed.id}`],
    ]);
    expect(events.map((e) => e.data.fileName).sort()).toEqual(['contractexe.pdf', 'invoicefdp.exe']);
    const timeline = ok(await api.gql(TIMELINE, { id: projectId }, member())).project.timeline.edges;
    expect(timeline.filter((e: { node: { summary: string } }) => BIDI.test(e.node.summary))).toEqual([]);
  });

  it('completing twice, or twice at once, gives the same document and one event', async () => {
    const bytes = fileBytes(100);
    const ticket = await requestUpload(api, jane, {
      projectId,
      fileName: 'twice.pdf',
      contentType: 'application/pdf',
      size: 100,
    });
    expect((await postForm(ticket, bytes)).status).toBe(204);
    const results = await Promise.all([complete(ticket, jane), complete(ticket, jane)]);
    const again = await complete(ticket, jane);
    const ids = [...results, again].map((result) => ok(result).completeDocumentUpload.id);
    expect(new Set(ids).size).toBe(1);
    expect(
      await sql(
        `SELECT count(*)::int AS n FROM es_events WHERE type = 'DocumentUploaded' AND stream_id = $1`,
        [`document-${ids[0]}`],
      ),
    ).toEqual([{ n: 1 }]);
  });

  describe('the S3 server holds the form to its signed policy', () => {
    let ticket: Ticket;
    const bytes = fileBytes(1000);

    beforeAll(async () => {
      ticket = await requestUpload(api, member(), {
        projectId,
        fileName: 'a.pdf',
        contentType: 'application/pdf',
        size: bytes.length,
      });
    });

    it('refuses a tampered policy or signature, another key, another type, an extra field; nothing is stored', async () => {
      const policy = policyOf(ticket);
      const widened = {
        ...policy,
        conditions: policy.conditions.map((c) =>
          Array.isArray(c) && c[0] === 'content-length-range' ? ['content-length-range', 1, 10 ** 9] : c,
        ),
      };
      const signature = fieldOf(ticket, 'x-amz-signature')!;
      const attempts: [string, Record<string, string>, number, string][] = [
        [
          'a widened policy',
          { policy: Buffer.from(JSON.stringify(widened)).toString('base64') },
          403,
          'SignatureDoesNotMatch',
        ],
        [
          'a changed signature',
          { 'x-amz-signature': (signature[0] === 'a' ? 'b' : 'a') + signature.slice(1) },
          403,
          'SignatureDoesNotMatch',
        ],
        ['another key', { key: `workspaces/${ws.workspaceId}/branding/mine` }, 403, 'AccessDenied'],
        ['another content type', { 'Content-Type': 'text/html' }, 403, 'AccessDenied'],
        ['a field the policy does not name', { 'x-amz-meta-owner': 'mallory' }, 403, 'AccessDenied'],
      ];
      const outcomes = [];
      for (const [what, replace] of attempts) {
        const sent = await postForm(ticket, bytes, { replace });
        outcomes.push([what, sent.status, s3Code(sent.body)]);
      }
      expect(outcomes).toEqual(attempts.map(([what, , status, code]) => [what, status, code]));
      expect(await exists(keyOf(ticket))).toBe(false);
      expect(await exists(`workspaces/${ws.workspaceId}/branding/mine`)).toBe(false);
      // And with nothing changed, it goes through.
      expect((await postForm(ticket, bytes)).status).toBe(204);
      expect(await exists(keyOf(ticket))).toBe(true);
    });

    it('refuses anonymous reads and writes of the bucket (no signature)', async () => {
      const objectUrl = `${ticket.url}/${keyOf(ticket)}`;
      expect((await fetch(objectUrl)).status).toBe(403);
      expect((await fetch(objectUrl, { method: 'PUT', body: 'x' })).status).toBe(403);
      expect((await fetch(objectUrl, { method: 'DELETE' })).status).toBe(403);
      expect(await exists(keyOf(ticket))).toBe(true);
    });
  });

  it('over the limit: requestUpload refuses the size, and a bigger body than the policy allows is refused by S3', async () => {
    expect(
      refusal(
        await api.gql(
          REQUEST_UPLOAD,
          {
            input: {
              purpose: 'PROJECT_DOCUMENT',
              projectId,
              fileName: 'big.pdf',
              contentType: 'application/pdf',
              size: MAX + 1,
            },
          },
          member(),
        ),
      ),
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'input.size' });
    const ticket = await requestUpload(api, member(), {
      projectId,
      fileName: 'small.pdf',
      contentType: 'application/pdf',
      size: 1000,
    });
    const sent = await postForm(ticket, fileBytes(MAX + 1));
    expect([sent.status, s3Code(sent.body)]).toEqual([400, 'EntityTooLarge']);
    expect(await exists(keyOf(ticket))).toBe(false);
    expect(refusal(await complete(ticket, member()))).toEqual({ code: 'BAD_USER_INPUT', field: 'uploadId' });
  });

  it('a file of another size than the ticket said (within the limit) is stored by S3, then deleted at completion', async () => {
    const ticket = await requestUpload(api, member(), {
      projectId,
      fileName: 'claims-1000.pdf',
      contentType: 'application/pdf',
      size: 1000,
    });
    expect((await postForm(ticket, fileBytes(2000))).status).toBe(204);
    expect(await exists(keyOf(ticket))).toBe(true);
    const before = await logSize();
    const result = await complete(ticket, member());
    expect(refusal(result)).toEqual({ code: 'BAD_USER_INPUT', field: 'uploadId' });
    expect(result.errors![0].message).toMatch(/2000 bytes.*not the 1000 bytes requested.*deleted/);
    expect(await exists(keyOf(ticket))).toBe(false);
    expect(await logSize()).toBe(before);
  });

  it('wrong types: requestUpload names the type; an object stored with another type is deleted at completion', async () => {
    for (const contentType of ['text/html', 'application/x-msdownload', 'image/svg+xml', '']) {
      const result = await api.gql(
        REQUEST_UPLOAD,
        { input: { purpose: 'PROJECT_DOCUMENT', projectId, fileName: 'x', contentType, size: 10 } },
        jane,
      );
      expect(refusal(result)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.contentType' });
      expect(result.errors![0].message).toContain(JSON.stringify(contentType));
    }
    // Upper case and spaces are the same type.
    const loose = await requestUpload(api, member(), {
      projectId,
      fileName: 'x.pdf',
      contentType: ' Application/PDF ',
      size: 10,
    });
    expect(fieldOf(loose, 'Content-Type')).toBe('application/pdf');

    // S3 stored something else under the ticket's key (a client that went round the form).
    const ticket = await requestUpload(api, member(), {
      projectId,
      fileName: 'report.pdf',
      contentType: 'application/pdf',
      size: 12,
    });
    const { client, bucket } = directClient(ticket);
    await client.putObject(bucket, keyOf(ticket), Buffer.from('<html></html'), 12, {
      'Content-Type': 'text/html',
    });
    expect(await exists(keyOf(ticket))).toBe(true);
    const result = await complete(ticket, member());
    expect(refusal(result)).toEqual({ code: 'BAD_USER_INPUT', field: 'uploadId' });
    expect(result.errors![0].message).toMatch(/type text\/html, not the application\/pdf requested.*deleted/);
    expect(await exists(keyOf(ticket))).toBe(false);
  });

  it('refuses a bad name, a missing or foreign project, and a projectId on a branding image, appending nothing', async () => {
    const before = await logSize();
    const tickets = (await sql('SELECT count(*)::int AS n FROM upload_tickets'))[0].n;
    const input = {
      purpose: 'PROJECT_DOCUMENT',
      projectId,
      fileName: 'a.pdf',
      contentType: 'application/pdf',
      size: 10,
    };
    const cases: [Record<string, unknown>, string | { cookie: string }, unknown][] = [
      [{ fileName: '' }, member(), { code: 'BAD_USER_INPUT', field: 'input.fileName' }],
      [{ fileName: '../etc/passwd' }, member(), { code: 'BAD_USER_INPUT', field: 'input.fileName' }],
      [{ fileName: 'a\u0000.pdf' }, member(), { code: 'BAD_USER_INPUT', field: 'input.fileName' }],
      [{ fileName: 'x'.repeat(256) }, member(), { code: 'BAD_USER_INPUT', field: 'input.fileName' }],
      [{ size: 0 }, member(), { code: 'BAD_USER_INPUT', field: 'input.size' }],
      [{ size: -5 }, member(), { code: 'BAD_USER_INPUT', field: 'input.size' }],
      [{ projectId: null }, member(), { code: 'BAD_USER_INPUT', field: 'input.projectId' }],
      [{ projectId: null }, jane, { code: 'BAD_USER_INPUT', field: 'input.projectId' }],
      [
        { projectId: '00000000-0000-4000-8000-000000000000' },
        member(),
        { code: 'NOT_FOUND', field: 'input.projectId' },
      ],
      [{ projectId: 'nope' }, member(), { code: 'NOT_FOUND', field: 'input.projectId' }],
      [{ projectId: clientId }, member(), { code: 'NOT_FOUND', field: 'input.projectId' }],
      [{ projectId: ottoProjectId }, jane, { code: 'NOT_FOUND', field: 'input.projectId' }],
      [
        { purpose: 'LOGO', contentType: 'image/png' },
        member(),
        { code: 'BAD_USER_INPUT', field: 'input.projectId' },
      ],
    ];
    const outcomes = [];
    for (const [change, as] of cases)
      outcomes.push(refusal(await api.gql(REQUEST_UPLOAD, { input: { ...input, ...change } }, as)));
    expect(outcomes).toEqual(cases.map(([, , expected]) => expected));
    expect(await logSize()).toBe(before);
    expect((await sql('SELECT count(*)::int AS n FROM upload_tickets'))[0].n).toBe(tickets);
  });

  it("contacts: project documents of their client's ACTIVE projects only; no branding", async () => {
    const input = { fileName: 'logo.png', contentType: 'image/png', size: 10 };
    for (const purpose of ['LOGO', 'BACKGROUND_IMAGE'])
      expect(refusal(await api.gql(REQUEST_UPLOAD, { input: { ...input, purpose } }, jane))).toEqual({
        code: 'FORBIDDEN',
      });
    const closed = ok(await api.gql(CREATE_PROJECT, { input: { clientId, name: 'Closed' } }, member()))
      .createProject.id;
    // Requested while active, completed after the project closed: refused too.
    const ticket = await requestUpload(api, jane, {
      projectId: closed,
      fileName: 'late.pdf',
      contentType: 'application/pdf',
      size: 10,
    });
    expect((await postForm(ticket, fileBytes(10))).status).toBe(204);
    ok(await api.gql(SET_STATUS, { id: closed, s: 'COMPLETED' }, member()));
    expect(
      refusal(
        await api.gql(
          REQUEST_UPLOAD,
          {
            input: {
              purpose: 'PROJECT_DOCUMENT',
              projectId: closed,
              fileName: 'a.pdf',
              contentType: 'application/pdf',
              size: 10,
            },
          },
          jane,
        ),
      ),
    ).toEqual({ code: 'NOT_FOUND', field: 'input.projectId' });
    expect(refusal(await complete(ticket, jane))).toEqual({ code: 'NOT_FOUND', field: 'uploadId' });
    // A member may still upload to it.
    await uploadDocument(api, member(), closed, 'closing.pdf', fileBytes(10));
  });

  it("someone else's ticket is NOT_FOUND, and another client's contact reads nothing of the document", async () => {
    const bytes = fileBytes(64);
    const ticket = await requestUpload(api, jane, {
      projectId,
      fileName: 'private.pdf',
      contentType: 'application/pdf',
      size: 64,
    });
    expect((await postForm(ticket, bytes)).status).toBe(204);
    const before = await logSize();
    // Nobody but Jane completes it: not John (same client), not Otto, not the workspace's member.
    for (const as of [john, otto, member()])
      expect(refusal(await complete(ticket, as))).toEqual({ code: 'NOT_FOUND', field: 'uploadId' });
    expect(await logSize()).toBe(before);
    const document = ok(await complete(ticket, jane)).completeDocumentUpload;

    // Otto: no project, so no document and no URL; completing Jane's ticket again is still NOT_FOUND.
    expect(await api.gql(PROJECT_DOCUMENTS, { id: projectId }, otto)).toEqual({ data: { project: null } });
    const ottoView = ok(await api.gql(`{ projects { id documents { id url } } }`, {}, otto)).projects;
    expect(JSON.stringify(ottoView)).not.toContain(document.id);
    expect(JSON.stringify(ottoView)).not.toContain(keyOf(ticket));
    expect(refusal(await complete(ticket, otto))).toEqual({ code: 'NOT_FOUND', field: 'uploadId' });
    expect(
      refusal(
        await api.gql(
          `mutation($id: ID!) { completeBrandingUpload(uploadId: $id) { id } }`,
          { id: ticket.uploadId },
          otto,
        ),
      ),
    ).toEqual({ code: 'FORBIDDEN' });
  });

  it('a download URL past its 5 minutes is refused by the S3 server; a fresh one works', async () => {
    const bytes = fileBytes(32);
    const { document } = await uploadDocument(api, member(), projectId, 'old-link.pdf', bytes);
    offsetMs = -(5 * 60_000 + 5_000);
    const stale = ok(await api.gql(PROJECT_DOCUMENTS, { id: projectId }, jane)).project.documents.find(
      (d: { id: string }) => d.id === document.id,
    ).url;
    const refused = await fetch(stale);
    expect(refused.status).toBe(403);
    expect(s3Code(await refused.text())).toBe('AccessDenied');
    offsetMs = 0;
    const fresh = ok(await api.gql(PROJECT_DOCUMENTS, { id: projectId }, jane)).project.documents.find(
      (d: { id: string }) => d.id === document.id,
    ).url;
    expect(Buffer.from(await (await fetch(fresh)).arrayBuffer()).equals(bytes)).toBe(true);
    // A URL with another file's key, or another name, under the same signature: refused.
    const tampered = fresh.replace(/filename%3D%22[^&]*/, 'filename%3D%22evil.exe%22');
    expect(tampered).not.toBe(fresh);
    expect((await fetch(tampered)).status).toBe(403);
  });

  describe('an expired ticket', () => {
    it('the form of a ticket past its 10 minutes is refused by the S3 server (its policy expired)', async () => {
      offsetMs = -11 * 60_000;
      const ticket = await requestUpload(api, member(), {
        projectId,
        fileName: 'late.pdf',
        contentType: 'application/pdf',
        size: 10,
      });
      offsetMs = 0;
      const sent = await postForm(ticket, fileBytes(10));
      expect([sent.status, s3Code(sent.body)]).toEqual([403, 'AccessDenied']);
      expect(sent.body).toContain('Policy expired');
      expect(await exists(keyOf(ticket))).toBe(false);
    });

    it('completing long after the ticket expired is refused, and the object deleted', async () => {
      const ticket = await requestUpload(api, member(), {
        projectId,
        fileName: 'slow.pdf',
        contentType: 'application/pdf',
        size: 10,
      });
      expect((await postForm(ticket, fileBytes(10))).status).toBe(204);
      offsetMs = 2 * 3600_000;
      const before = await logSize();
      const result = await complete(ticket, member());
      expect(refusal(result)).toEqual({ code: 'BAD_USER_INPUT', field: 'uploadId' });
      expect(result.errors![0].message).toContain('expired');
      expect(await exists(keyOf(ticket))).toBe(false);
      expect(await logSize()).toBe(before);
    });
  });

  it('removeDocument takes a file off the list and keeps its object (the purge job deletes it 30 days on)', async () => {
    const { document, ticket } = await uploadDocument(api, member(), projectId, 'gone.pdf', fileBytes(10));
    expect(ok(await api.gql(REMOVE_DOCUMENT, { id: document.id }, member()))).toEqual({
      removeDocument: true,
    });
    for (const as of [member(), jane]) {
      const listed = ok(await api.gql(PROJECT_DOCUMENTS, { id: projectId }, as)).project.documents;
      expect(listed.map((d: { id: string }) => d.id)).not.toContain(document.id);
    }
    expect(await exists(keyOf(ticket))).toBe(true);
    const [row] = await sql(`SELECT removed, removed_at FROM documents WHERE id = $1`, [document.id]);
    const [event] = await sql(
      `SELECT data, recorded_at FROM es_events WHERE stream_id = $1 AND type = 'DocumentRemoved'`,
      [`document-${document.id}`],
    );
    expect(row).toEqual({ removed: true, removed_at: event.recorded_at });
    expect(event.data).toMatchObject({ kind: 'FILE', name: 'gone.pdf' });
    // Its ticket completes to the same (removed) document no more.
    expect(refusal(await complete(ticket, member()))).toEqual({ code: 'NOT_FOUND', field: 'uploadId' });
  });
});
