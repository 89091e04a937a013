import { eventLogProbe } from '../../test/event-log.probe';
import {
  signInAsContact,
  createTestWorkspace,
  errorCode,
  ok,
  startTestApi,
  type GraphQLResult,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';
import { Client as PgClient } from 'pg';
import { TEST_SERVER_URL } from '../../test/test-database';

const CLIENT_FIELDS = `id name archived contacts { id name email }`;
const CREATE_CLIENT = `mutation($input: CreateClientInput!) { createClient(input: $input) { ${CLIENT_FIELDS} } }`;
const RENAME_CLIENT = `mutation($id: ID!, $name: String!) { renameClient(id: $id, name: $name) { ${CLIENT_FIELDS} } }`;
const ADD_CONTACT = `mutation($clientId: ID!, $input: ContactInput!) { addContact(clientId: $clientId, input: $input) { id name email } }`;
const CHANGE_EMAIL = `mutation($contactId: ID!, $email: String!) { changeContactEmail(contactId: $contactId, email: $email) { id name email } }`;
const REMOVE_CONTACT = `mutation($contactId: ID!) { removeContact(contactId: $contactId) { ${CLIENT_FIELDS} } }`;
const ARCHIVE_CLIENT = `mutation($id: ID!) { archiveClient(id: $id) { ${CLIENT_FIELDS} } }`;
const UNARCHIVE_CLIENT = `mutation($id: ID!) { unarchiveClient(id: $id) { ${CLIENT_FIELDS} } }`;
const CLIENT = `query($id: ID!) { client(id: $id) { ${CLIENT_FIELDS} } }`;
const CLIENTS = `query($all: Boolean) { clients(includeArchived: $all) { id archived } }`;
const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`;
const TIMELINE = `query($id: ID!) { project(id: $id) { timeline(first: 50) {
  edges { node { type summary actor { kind id name } } } } } }`;

interface Contact {
  name: string;
  email: string;
}

/** An event as the `events` query gives it, its data parsed. */

describe('clients', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let owner: { kind: string; id: string; name: string };

  beforeAll(async () => {
    api = await startTestApi();
    ws = await createTestWorkspace(api);
    other = await createTestWorkspace(api, 'Olga Other');
    owner = { kind: 'MEMBER', id: ws.ownerId, name: 'Ava Owner' };
  });
  afterAll(() => api.stop());

  /** As the workspace's owner. */
  const gql = (query: string, variables: Record<string, unknown> = {}) => api.gql(query, variables, ws.token);

  const { sql, appendsNothing, streamEvents } = eventLogProbe(
    () => api,
    () => ws.token,
  );
  const events = (clientId: string) => streamEvents(`client-${clientId}`);
  const lastEvent = async (clientId: string) => (await events(clientId)).at(-1);
  const eventTypes = async (clientId: string) => (await events(clientId)).map((e) => e.type);

  /** The project's timeline, newest first. */
  const timeline = async (projectId: string) =>
    ok(await gql(TIMELINE, { id: projectId })).project.timeline.edges.map((e: any) => e.node);

  const createClient = async (name: string, contacts: Contact[] = []) =>
    ok(await gql(CREATE_CLIENT, { input: { name, contacts } })).createClient;

  /** A client with a project, so that its timeline can be read. */
  async function clientWithProject(name: string, contacts: Contact[] = []) {
    const client = await createClient(name, contacts);
    const projectId = ok(await gql(CREATE_PROJECT, { input: { clientId: client.id, name: 'Website' } }))
      .createProject.id;
    return { ...client, projectId };
  }

  const readClient = async (id: string) => ok(await gql(CLIENT, { id })).client;
  const listedIds = async (includeArchived?: boolean) =>
    ok(await gql(CLIENTS, includeArchived === undefined ? {} : { all: includeArchived })).clients.map(
      (c: any) => c.id,
    );

  /** The code and field of a refusal. */
  const refusal = (result: GraphQLResult) => {
    expect(result.data ?? null).toBeNull();
    return result.errors?.[0]?.extensions;
  };
  const badInput = (field: string) => ({ code: 'BAD_USER_INPUT', field });

  describe('commands: event, read model, timeline', () => {
    it('createClient: ClientCreated with both contacts in the order given', async () => {
      const created = await createClient('  Smith & Co  ', [
        { name: 'Jane Smith', email: 'jane@smith.test' },
        { name: 'Bob Smith', email: ' Bob@Smith.test ' },
      ]);
      expect(created).toMatchObject({
        name: 'Smith & Co',
        archived: false,
        contacts: [
          { name: 'Jane Smith', email: 'jane@smith.test' },
          { name: 'Bob Smith', email: 'Bob@Smith.test' },
        ],
      });
      const [jane, bob] = created.contacts;

      expect(await events(created.id)).toEqual([
        {
          type: 'ClientCreated',
          data: {
            workspaceId: ws.workspaceId,
            clientId: created.id,
            name: 'Smith & Co',
            contacts: [
              { contactId: jane.id, name: 'Jane Smith', email: 'jane@smith.test' },
              { contactId: bob.id, name: 'Bob Smith', email: 'Bob@Smith.test' },
            ],
            createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          },
          actor: owner,
        },
      ]);

      expect(await readClient(created.id)).toEqual(created);
      expect(await listedIds()).toContain(created.id);
      expect(
        await sql(
          'SELECT id, workspace_id, name, email, removed FROM contacts WHERE client_id = $1 ORDER BY sort_key',
          [created.id],
        ),
      ).toEqual([
        {
          id: jane.id,
          workspace_id: ws.workspaceId,
          name: 'Jane Smith',
          email: 'jane@smith.test',
          removed: false,
        },
        {
          id: bob.id,
          workspace_id: ws.workspaceId,
          name: 'Bob Smith',
          email: 'Bob@Smith.test',
          removed: false,
        },
      ]);

      const projectId = ok(await gql(CREATE_PROJECT, { input: { clientId: created.id, name: 'Website' } }))
        .createProject.id;
      expect(await timeline(projectId)).toEqual([
        { type: 'ProjectCreated', summary: "Ava Owner created the project 'Website'", actor: owner },
        { type: 'ClientCreated', summary: "Ava Owner added the client 'Smith & Co'", actor: owner },
      ]);
    });

    it('renameClient: ClientRenamed with the previous name; the same name again appends nothing', async () => {
      const client = await clientWithProject('Jones Ltd');
      const renamed = ok(await gql(RENAME_CLIENT, { id: client.id, name: ' Jones & Sons ' })).renameClient;
      expect(renamed).toMatchObject({ id: client.id, name: 'Jones & Sons' });

      expect(await lastEvent(client.id)).toEqual({
        type: 'ClientRenamed',
        data: {
          workspaceId: ws.workspaceId,
          clientId: client.id,
          name: 'Jones & Sons',
          previousName: 'Jones Ltd',
        },
        actor: owner,
      });
      expect((await readClient(client.id)).name).toBe('Jones & Sons');
      expect(await sql('SELECT name FROM clients WHERE id = $1', [client.id])).toEqual([
        { name: 'Jones & Sons' },
      ]);
      expect((await timeline(client.projectId))[0]).toEqual({
        type: 'ClientRenamed',
        summary: "Ava Owner renamed the client to 'Jones & Sons'",
        actor: owner,
      });

      await appendsNothing(async () => {
        ok(await gql(RENAME_CLIENT, { id: client.id, name: 'Jones & Sons' }));
        ok(await gql(RENAME_CLIENT, { id: client.id, name: '  Jones & Sons  ' }));
      });
      expect(await eventTypes(client.id)).toEqual(['ClientCreated', 'ClientRenamed']);
    });

    it('addContact: ContactAdded, and the contact is listed after the existing ones', async () => {
      const client = await clientWithProject('Acme', [{ name: 'Ann Acme', email: 'ann@acme.test' }]);
      const added = ok(
        await gql(ADD_CONTACT, {
          clientId: client.id,
          input: { name: ' Carol Jones ', email: 'carol@acme.test' },
        }),
      ).addContact;
      expect(added).toEqual({ id: expect.any(String), name: 'Carol Jones', email: 'carol@acme.test' });

      expect(await lastEvent(client.id)).toEqual({
        type: 'ContactAdded',
        data: {
          workspaceId: ws.workspaceId,
          clientId: client.id,
          contactId: added.id,
          name: 'Carol Jones',
          email: 'carol@acme.test',
        },
        actor: owner,
      });
      expect((await readClient(client.id)).contacts.map((c: any) => c.name)).toEqual([
        'Ann Acme',
        'Carol Jones',
      ]);
      expect(await sql('SELECT client_id, removed FROM contacts WHERE id = $1', [added.id])).toEqual([
        { client_id: client.id, removed: false },
      ]);
      expect((await timeline(client.projectId))[0]).toEqual({
        type: 'ContactAdded',
        summary: 'Ava Owner added Carol Jones (carol@acme.test) as a contact',
        actor: owner,
      });
    });

    it('changeContactEmail: ContactEmailChanged with the previous email; the same email appends nothing', async () => {
      const client = await clientWithProject('Brown Bakery', [
        { name: 'Dan Brown', email: 'dan@brown.test' },
      ]);
      const [dan] = client.contacts;
      const changed = ok(
        await gql(CHANGE_EMAIL, { contactId: dan.id, email: ' daniel@brown.test ' }),
      ).changeContactEmail;
      expect(changed).toEqual({ id: dan.id, name: 'Dan Brown', email: 'daniel@brown.test' });

      expect(await lastEvent(client.id)).toEqual({
        type: 'ContactEmailChanged',
        data: {
          workspaceId: ws.workspaceId,
          clientId: client.id,
          contactId: dan.id,
          name: 'Dan Brown',
          email: 'daniel@brown.test',
          previousEmail: 'dan@brown.test',
        },
        actor: owner,
      });
      expect((await readClient(client.id)).contacts).toEqual([changed]);
      expect(await sql('SELECT email FROM contacts WHERE id = $1', [dan.id])).toEqual([
        { email: 'daniel@brown.test' },
      ]);
      expect((await timeline(client.projectId))[0]).toEqual({
        type: 'ContactEmailChanged',
        summary: "Ava Owner changed Dan Brown's email to daniel@brown.test",
        actor: owner,
      });

      await appendsNothing(async () =>
        ok(await gql(CHANGE_EMAIL, { contactId: dan.id, email: 'daniel@brown.test' })),
      );
    });

    it('removeContact: ContactRemoved; the contact leaves the client and is kept as removed', async () => {
      const client = await clientWithProject('Green Garden', [
        { name: 'Eve Green', email: 'eve@green.test' },
        { name: 'Finn Green', email: 'finn@green.test' },
      ]);
      const [eve, finn] = client.contacts;
      const after = ok(await gql(REMOVE_CONTACT, { contactId: eve.id })).removeContact;
      expect(after).toEqual({ id: client.id, name: 'Green Garden', archived: false, contacts: [finn] });

      expect(await lastEvent(client.id)).toEqual({
        type: 'ContactRemoved',
        data: { workspaceId: ws.workspaceId, clientId: client.id, contactId: eve.id, name: 'Eve Green' },
        actor: owner,
      });
      expect((await readClient(client.id)).contacts).toEqual([finn]);
      expect(await sql('SELECT removed FROM contacts WHERE id = $1', [eve.id])).toEqual([{ removed: true }]);
      expect((await timeline(client.projectId))[0]).toEqual({
        type: 'ContactRemoved',
        summary: 'Ava Owner removed Eve Green as a contact',
        actor: owner,
      });

      // A removed contact is gone: removing it again, or changing its email, finds nothing.
      await appendsNothing(async () => {
        expect(errorCode(await gql(REMOVE_CONTACT, { contactId: eve.id }))).toBe('NOT_FOUND');
        expect(errorCode(await gql(CHANGE_EMAIL, { contactId: eve.id, email: 'eve2@green.test' }))).toBe(
          'NOT_FOUND',
        );
      });
    });

    it('archiveClient: ClientArchived; clients hides it, includeArchived shows it; twice appends nothing', async () => {
      const client = await clientWithProject('Old Mill');
      const archived = ok(await gql(ARCHIVE_CLIENT, { id: client.id })).archiveClient;
      expect(archived).toMatchObject({ id: client.id, archived: true });

      expect(await lastEvent(client.id)).toEqual({
        type: 'ClientArchived',
        data: { workspaceId: ws.workspaceId, clientId: client.id, name: 'Old Mill' },
        actor: owner,
      });
      expect(await sql('SELECT archived FROM clients WHERE id = $1', [client.id])).toEqual([
        { archived: true },
      ]);
      expect(await listedIds()).not.toContain(client.id);
      expect(await listedIds(false)).not.toContain(client.id);
      expect(await listedIds(true)).toContain(client.id);
      expect((await readClient(client.id)).archived).toBe(true);
      expect((await timeline(client.projectId))[0]).toEqual({
        type: 'ClientArchived',
        summary: "Ava Owner archived the client 'Old Mill'",
        actor: owner,
      });

      await appendsNothing(async () =>
        expect(ok(await gql(ARCHIVE_CLIENT, { id: client.id })).archiveClient.archived).toBe(true),
      );
      expect(await eventTypes(client.id)).toEqual(['ClientCreated', 'ClientArchived']);
    });

    it('unarchiveClient: ClientUnarchived and listed again; a live client unarchived appends nothing', async () => {
      const client = await clientWithProject('New Mill');
      await appendsNothing(async () =>
        expect(ok(await gql(UNARCHIVE_CLIENT, { id: client.id })).unarchiveClient.archived).toBe(false),
      );
      ok(await gql(ARCHIVE_CLIENT, { id: client.id }));
      const restored = ok(await gql(UNARCHIVE_CLIENT, { id: client.id })).unarchiveClient;
      expect(restored).toMatchObject({ id: client.id, archived: false });

      expect(await lastEvent(client.id)).toEqual({
        type: 'ClientUnarchived',
        data: { workspaceId: ws.workspaceId, clientId: client.id, name: 'New Mill' },
        actor: owner,
      });
      expect(await sql('SELECT archived FROM clients WHERE id = $1', [client.id])).toEqual([
        { archived: false },
      ]);
      expect(await listedIds()).toContain(client.id);
      expect((await timeline(client.projectId)).slice(0, 2).map((e: any) => e.summary)).toEqual([
        "Ava Owner restored the client 'New Mill'",
        "Ava Owner archived the client 'New Mill'",
      ]);
      await appendsNothing(async () => ok(await gql(UNARCHIVE_CLIENT, { id: client.id })));
    });
  });

  describe('refusals (BAD_USER_INPUT naming the field), each appending nothing', () => {
    it('empty and too-long names', async () => {
      const client = await createClient('Named', [{ name: 'Gus', email: 'gus@named.test' }]);
      const tooLong = 'x'.repeat(201);
      await appendsNothing(async () => {
        for (const name of ['', '   ', tooLong]) {
          expect(refusal(await gql(CREATE_CLIENT, { input: { name, contacts: [] } }))).toEqual(
            badInput('input.name'),
          );
          expect(refusal(await gql(RENAME_CLIENT, { id: client.id, name }))).toEqual(badInput('name'));
          expect(
            refusal(
              await gql(ADD_CONTACT, { clientId: client.id, input: { name, email: 'new@named.test' } }),
            ),
          ).toEqual(badInput('input.name'));
          expect(
            refusal(
              await gql(CREATE_CLIENT, {
                input: {
                  name: 'Fine',
                  contacts: [
                    { name: 'Ok', email: 'ok@fine.test' },
                    { name, email: 'b@fine.test' },
                  ],
                },
              }),
            ),
          ).toEqual(badInput('input.contacts.1.name'));
        }
      });
      // 200 characters is still a name.
      expect(
        ok(await gql(RENAME_CLIENT, { id: client.id, name: 'y'.repeat(200) })).renameClient.name,
      ).toHaveLength(200);
    });

    it('malformed emails', async () => {
      const client = await createClient('Mailers', [{ name: 'Hal', email: 'hal@mailers.test' }]);
      const [hal] = client.contacts;
      await appendsNothing(async () => {
        for (const email of ['not-an-email', 'a@b', 'a b@c.test', '']) {
          expect(
            refusal(await gql(CREATE_CLIENT, { input: { name: 'X', contacts: [{ name: 'Ivy', email }] } })),
          ).toEqual(badInput('input.contacts.0.email'));
          expect(
            refusal(await gql(ADD_CONTACT, { clientId: client.id, input: { name: 'Ivy', email } })),
          ).toEqual(badInput('input.email'));
          expect(refusal(await gql(CHANGE_EMAIL, { contactId: hal.id, email }))).toEqual(badInput('email'));
        }
      });
    });

    it('the same email twice in one createClient, in any letter case', async () => {
      await appendsNothing(async () => {
        const twice = await gql(CREATE_CLIENT, {
          input: {
            name: 'Twins',
            contacts: [
              { name: 'Jo One', email: 'jo@twins.test' },
              { name: 'Jo Two', email: 'JO@Twins.Test' },
            ],
          },
        });
        expect(refusal(twice)).toEqual(badInput('input.contacts.1.email'));
      });
    });

    it("an email of another client's live contact, in any letter case: createClient, addContact, changeContactEmail", async () => {
      await createClient('First Holder', [{ name: 'Kim Shared', email: 'kim@shared.test' }]);
      const second = await createClient('Second', [{ name: 'Lee', email: 'lee@second.test' }]);
      const [lee] = second.contacts;
      const clientsBefore = await sql('SELECT count(*)::int AS n FROM clients');

      await appendsNothing(async () => {
        const viaCreate = await gql(CREATE_CLIENT, {
          input: { name: 'Third', contacts: [{ name: 'Kim Again', email: 'KIM@Shared.test' }] },
        });
        expect(errorCode(viaCreate)).toBe('BAD_USER_INPUT');
        expect(viaCreate.errors?.[0].extensions?.field).toBe('input.contacts.0.email');

        expect(
          refusal(
            await gql(ADD_CONTACT, { clientId: second.id, input: { name: 'Kim', email: 'Kim@SHARED.test' } }),
          ),
        ).toEqual(badInput('input.email'));
        expect(refusal(await gql(CHANGE_EMAIL, { contactId: lee.id, email: 'kim@shared.TEST' }))).toEqual(
          badInput('email'),
        );
      });
      // Nothing half-made: no client, no contact, and Lee keeps his email.
      expect(await sql('SELECT count(*)::int AS n FROM clients')).toEqual(clientsBefore);
      expect(
        await sql("SELECT count(*)::int AS n FROM contacts WHERE lower(email) = 'kim@shared.test'"),
      ).toEqual([{ n: 1 }]);
      expect((await readClient(second.id)).contacts).toEqual([lee]);
    });

    it('an email of a contact of the same client is refused too (addContact, changeContactEmail)', async () => {
      const client = await createClient('Pair', [
        { name: 'Max', email: 'max@pair.test' },
        { name: 'Nia', email: 'nia@pair.test' },
      ]);
      const [, nia] = client.contacts;
      await appendsNothing(async () => {
        expect(
          refusal(
            await gql(ADD_CONTACT, { clientId: client.id, input: { name: 'Max 2', email: 'MAX@pair.test' } }),
          ),
        ).toEqual(badInput('input.email'));
        expect(refusal(await gql(CHANGE_EMAIL, { contactId: nia.id, email: 'Max@Pair.test' }))).toEqual(
          badInput('email'),
        );
      });
    });

    it('once the contact holding an email is removed, the email can be used again', async () => {
      const holder = await createClient('Holder', [{ name: 'Oz', email: 'oz@free.test' }]);
      const [oz] = holder.contacts;
      ok(await gql(REMOVE_CONTACT, { contactId: oz.id }));

      const viaCreate = await createClient('Taker One', [{ name: 'Oz New', email: 'OZ@free.test' }]);
      expect(viaCreate.contacts[0].email).toBe('OZ@free.test');
      ok(await gql(REMOVE_CONTACT, { contactId: viaCreate.contacts[0].id }));

      const taker = await createClient('Taker Two', [{ name: 'Pia', email: 'pia@free.test' }]);
      const viaAdd = ok(
        await gql(ADD_CONTACT, { clientId: taker.id, input: { name: 'Oz', email: 'oz@free.test' } }),
      ).addContact;
      expect(viaAdd.email).toBe('oz@free.test');
      ok(await gql(REMOVE_CONTACT, { contactId: viaAdd.id }));

      const [pia] = taker.contacts;
      expect(
        ok(await gql(CHANGE_EMAIL, { contactId: pia.id, email: 'Oz@Free.test' })).changeContactEmail.email,
      ).toBe('Oz@Free.test');
      // Four contacts have had the email; only the last holder is live.
      const holders = await sql("SELECT id, removed FROM contacts WHERE lower(email) = 'oz@free.test'");
      expect(holders).toHaveLength(4);
      expect(holders.filter((row) => !row.removed)).toEqual([{ id: pia.id, removed: false }]);
    });

    it('another workspace may use the same email', async () => {
      await createClient('Mine', [{ name: 'Quinn', email: 'quinn@both.test' }]);
      const theirs = ok(
        await api.gql(
          CREATE_CLIENT,
          { input: { name: 'Theirs', contacts: [{ name: 'Quinn', email: 'quinn@both.test' }] } },
          other.token,
        ),
      ).createClient;
      expect(theirs.contacts[0].email).toBe('quinn@both.test');
    });
  });

  describe('the events query', () => {
    /**
     * The log is read below es_read_horizon(): a transaction in another
     * database of the server cannot write this log, so it must not hide a
     * member's own committed events.
     */
    it("shows a member's new event at once, even while a transaction runs in another database", async () => {
      const elsewhere = new PgClient({ connectionString: TEST_SERVER_URL });
      await elsewhere.connect();
      try {
        await elsewhere.query('BEGIN');
        await elsewhere.query('SELECT pg_current_xact_id()'); // a write transaction (it holds an xid)
        const client = await createClient('Seen At Once');
        const streamId = `client-${client.id}`;
        expect(await sql('SELECT type FROM es_events WHERE stream_id = $1', [streamId])).toEqual([
          { type: 'ClientCreated' },
        ]);
        const nodes = ok(
          await gql(`query($s: String) { events(streamId: $s) { nodes { type } } }`, { s: streamId }),
        ).events.nodes;
        expect(nodes.map((e: any) => e.type)).toEqual(['ClientCreated']);
      } finally {
        await elsewhere.query('ROLLBACK').catch(() => undefined);
        await elsewhere.end();
      }
    });
  });

  describe('unknown ids', () => {
    const unknownIds = ['6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f', 'not-a-uuid'];

    it('NOT_FOUND for every mutation, appending nothing', async () => {
      await appendsNothing(async () => {
        for (const id of unknownIds) {
          expect(errorCode(await gql(RENAME_CLIENT, { id, name: 'A' }))).toBe('NOT_FOUND');
          expect(errorCode(await gql(ARCHIVE_CLIENT, { id }))).toBe('NOT_FOUND');
          expect(errorCode(await gql(UNARCHIVE_CLIENT, { id }))).toBe('NOT_FOUND');
          expect(
            errorCode(
              await gql(ADD_CONTACT, { clientId: id, input: { name: 'A', email: 'a@unknown.test' } }),
            ),
          ).toBe('NOT_FOUND');
          expect(errorCode(await gql(CHANGE_EMAIL, { contactId: id, email: 'a@unknown.test' }))).toBe(
            'NOT_FOUND',
          );
          expect(errorCode(await gql(REMOVE_CONTACT, { contactId: id }))).toBe('NOT_FOUND');
        }
      });
    });

    it('client(id) is null for an unknown id, and for a client of another workspace', async () => {
      for (const id of unknownIds) expect(ok(await gql(CLIENT, { id })).client).toBeNull();
      const theirs = ok(
        await api.gql(
          CREATE_CLIENT,
          { input: { name: 'Foreign', contacts: [{ name: 'Ray', email: 'ray@foreign.test' }] } },
          other.token,
        ),
      ).createClient;
      expect(ok(await gql(CLIENT, { id: theirs.id })).client).toBeNull();
      await appendsNothing(async () => {
        expect(errorCode(await gql(RENAME_CLIENT, { id: theirs.id, name: 'Mine now' }))).toBe('NOT_FOUND');
        expect(errorCode(await gql(REMOVE_CONTACT, { contactId: theirs.contacts[0].id }))).toBe('NOT_FOUND');
      });
    });
  });

  it("renameContact: a new name everywhere the contact shows, the session kept, in the members' timeline", async () => {
    const { createClient } = ok(
      await api.gql(
        `mutation { createClient(input: { name: "Rename Co", contacts: [{ name: "Rae Old", email: "rae@rename.test" }] }) { id contacts { id } } }`,
        {},
        ws.token,
      ),
    );
    const contactId = createClient.contacts[0].id;
    const session = await signInAsContact(api, ws.slug, 'rae@rename.test');
    const renamed = ok(
      await api.gql(
        `mutation($id: ID!) { renameContact(contactId: $id, name: " Rae New ") { id name } }`,
        { id: contactId },
        ws.token,
      ),
    ).renameContact;
    expect(renamed).toEqual({ id: contactId, name: 'Rae New' });
    expect(
      ok(await api.gql('{ viewer { ... on ContactViewer { contact { name } } } }', {}, session)).viewer,
    ).toEqual({
      contact: { name: 'Rae New' },
    });
    const { rows } = await api.db.owner.query(
      `SELECT summary, audience FROM timeline_entries WHERE type = 'ContactRenamed' AND client_id = $1`,
      [createClient.id],
    );
    expect(rows).toEqual([
      { summary: expect.stringContaining('renamed the contact Rae Old to Rae New'), audience: 'MEMBERS' },
    ]);
    const bad = await api.gql(
      `mutation($id: ID!) { renameContact(contactId: $id, name: "") { id } }`,
      { id: contactId },
      ws.token,
    );
    expect(bad.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'name' });
    const other = await createTestWorkspace(api, 'Ozzy Other');
    const foreign = await api.gql(
      `mutation($id: ID!) { renameContact(contactId: $id, name: "Taken") { id } }`,
      { id: contactId },
      other.token,
    );
    expect(foreign.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
