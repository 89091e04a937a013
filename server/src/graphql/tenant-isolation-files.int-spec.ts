import {
  createTestWorkspace,
  errorCode,
  ok,
  signInAsContact,
  startTestApi,
  type GraphQLResult,
  type TestApi,
  type TestWorkspace,
} from '../test/api.harness';
import {
  COMPLETE_BRANDING_UPLOAD,
  COMPLETE_DOCUMENT_UPLOAD,
  fileBytes,
  keyOf,
  postForm,
  REQUEST_UPLOAD,
  requestUpload,
  uploadDocument,
} from '../test/upload.fixture';

/**
 * Files across tenants: B's member (another workspace), and contacts of
 * another client of A and of a client of B, send A's ids and A's upload
 * tickets to every new mutation. They get NOT_FOUND or FORBIDDEN and never
 * data; A's tickets stay uncompleted, A's log and branding do not move.
 */

const CREATE_CLIENT = `mutation($input: CreateClientInput!) { createClient(input: $input) { id } }`;
const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`;
const DOCUMENTS = `query($id: ID!) { project(id: $id) { documents { id url } } }`;

function dataOf(result: GraphQLResult): unknown {
  const data = result.data as Record<string, unknown> | null | undefined;
  if (!data || Object.values(data).every((value) => value === null)) return null;
  return data;
}

describe('tenant isolation of uploads, tickets and downloads', () => {
  let api: TestApi;
  let wsA: TestWorkspace;
  let wsB: TestWorkspace;
  let aProject: string;
  let aDocument: { id: string; url: string };
  /** A's tickets: a member's file (sent), a contact's file (sent), a logo (sent), all uncompleted; and one completed. */
  let aTickets: string[];
  let aKeys: string[];
  let yan: { cookie: string };
  let zoe: { cookie: string };

  const client = async (token: string, name: string, contacts: { name: string; email: string }[]) =>
    ok(await api.gql(CREATE_CLIENT, { input: { name, contacts } }, token)).createClient.id as string;
  const project = async (token: string, clientId: string) =>
    ok(await api.gql(CREATE_PROJECT, { input: { clientId, name: 'Website' } }, token)).createProject
      .id as string;
  const logSize = async () =>
    Number((await api.db.owner.query('SELECT count(*)::int AS n FROM es_events')).rows[0].n);

  beforeAll(async () => {
    api = await startTestApi();
    wsA = await createTestWorkspace(api, 'Ava Owner');
    wsB = await createTestWorkspace(api, 'Bob Owner');
    const x = await client(wsA.token, 'Smith & Co', [{ name: 'John Smith', email: 'john@smith.test' }]);
    aProject = await project(wsA.token, x);
    await project(
      wsA.token,
      await client(wsA.token, 'Jones', [{ name: 'Yan Jones', email: 'yan@jones.test' }]),
    );
    await project(wsB.token, await client(wsB.token, 'Zed', [{ name: 'Zoe Zed', email: 'zoe@zed.test' }]));
    const john = await signInAsContact(api, wsA.slug, 'john@smith.test');
    yan = await signInAsContact(api, wsA.slug, 'yan@jones.test');
    zoe = await signInAsContact(api, wsB.slug, 'zoe@zed.test');

    const done = await uploadDocument(api, wsA.token, aProject, 'contract.pdf', fileBytes(50));
    aDocument = done.document;
    const pending = [
      await requestUpload(api, wsA.token, {
        projectId: aProject,
        fileName: 'a.pdf',
        contentType: 'application/pdf',
        size: 10,
      }),
      await requestUpload(api, john, {
        projectId: aProject,
        fileName: 'j.pdf',
        contentType: 'application/pdf',
        size: 10,
      }),
      await requestUpload(api, wsA.token, {
        purpose: 'LOGO',
        fileName: 'l.png',
        contentType: 'image/png',
        size: 10,
      }),
    ];
    for (const ticket of pending) expect((await postForm(ticket, fileBytes(10))).status).toBe(204);
    aTickets = [...pending.map((t) => t.uploadId), done.ticket.uploadId];
    aKeys = [...pending, done.ticket].map(keyOf);
  });
  afterAll(() => api.stop());

  it.each([
    ["B's member", 'member'],
    ["a contact of A's other client", 'yan'],
    ["a contact of B's client", 'zoe'],
  ] as const)('%s: every new mutation with A’s ids is refused, with no data', async (_who, key) => {
    const as = key === 'member' ? wsB.token : key === 'yan' ? yan : zoe;
    const isMember = key === 'member';
    const logBefore = await logSize();
    const attacks: [string, string, Record<string, unknown>, string][] = [];
    for (const projectId of [aProject, aDocument.id, ...aTickets])
      attacks.push([
        'requestUpload',
        REQUEST_UPLOAD,
        {
          input: {
            purpose: 'PROJECT_DOCUMENT',
            projectId,
            fileName: 'a.pdf',
            contentType: 'application/pdf',
            size: 10,
          },
        },
        'NOT_FOUND',
      ]);
    if (!isMember)
      for (const purpose of ['LOGO', 'BACKGROUND_IMAGE'])
        attacks.push([
          'requestUpload',
          REQUEST_UPLOAD,
          { input: { purpose, fileName: 'l.png', contentType: 'image/png', size: 10 } },
          'FORBIDDEN',
        ]);
    for (const id of [...aTickets, aDocument.id, aProject, 'not-a-uuid']) {
      attacks.push(['completeDocumentUpload', COMPLETE_DOCUMENT_UPLOAD, { id }, 'NOT_FOUND']);
      attacks.push([
        'completeBrandingUpload',
        COMPLETE_BRANDING_UPLOAD,
        { id },
        isMember ? 'NOT_FOUND' : 'FORBIDDEN',
      ]);
    }
    const outcomes = [];
    for (const [name, query, variables] of attacks) {
      const result = await api.gql(query, variables, as);
      outcomes.push({ name, variables, code: errorCode(result), data: dataOf(result) });
    }
    expect(outcomes).toEqual(
      attacks.map(([name, , variables, code]) => ({ name, variables, code, data: null })),
    );
    // A's document and its download address: nowhere.
    expect(await api.gql(DOCUMENTS, { id: aProject }, as)).toEqual({ data: { project: null } });
    const own = JSON.stringify(ok(await api.gql(`{ projects { id documents { id url } } }`, {}, as)));
    for (const secret of [aDocument.id, ...aKeys]) expect(own).not.toContain(secret);
    expect(await logSize()).toBe(logBefore);
  });

  it("afterwards A's tickets are still uncompleted, A's objects and branding are untouched", async () => {
    const { rows } = await api.db.owner.query(
      `SELECT id, completed_at IS NOT NULL AS completed FROM upload_tickets WHERE id = ANY($1)`,
      [aTickets],
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, r.completed]))).toEqual(
      Object.fromEntries(aTickets.map((id, n) => [id, n === aTickets.length - 1])),
    );
    for (const key of aKeys) expect(await api.context.storage.stat(key)).not.toBeNull();
    expect(
      ok(
        await api.gql(
          `{ viewer { ... on MemberViewer { workspace { branding { logoUrl } } } } }`,
          {},
          wsA.token,
        ),
      ).viewer.workspace.branding.logoUrl,
    ).toBeNull();
    // And A's member still reads the document and downloads it.
    const listed = ok(await api.gql(DOCUMENTS, { id: aProject }, wsA.token)).project.documents;
    expect((await fetch(listed[0].url)).status).toBe(200);
  });
});
