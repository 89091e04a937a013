import type { ContactViewer } from '../../auth/viewer';
import { createMailer } from '../../integrations/mailer.factory';
import {
  createTestWorkspace,
  ok,
  startTestApi,
  type Caller,
  type GraphQLResult,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';
import {
  createClientWithContacts,
  resetCheckpoint,
  signInFromMail,
  startEmailPipeline,
  testQueuePrefix,
  waitFor,
  type EmailPipeline,
  type TestContact,
} from '../../test/email.fixture';
import { eventLogProbe } from '../../test/event-log.probe';
import { SendGridDouble } from '../../test/sendgrid.double';
import { DomainError } from '../../projections/domain.errors';

const PUBLIC_URL = 'https://portal.example.test';
const POST = `mutation($p: ID!, $b: String!) { postMessage(projectId: $p, body: $b) { id body author { kind id name } postedAt } }`;
const MESSAGES = `query($id: ID!, $first: Int, $after: String) { project(id: $id) { messages(first: $first, after: $after) {
  edges { cursor node { id body author { kind id name } postedAt } } pageInfo { hasNextPage endCursor } } } }`;
const TIMELINE = `query($id: ID!) { project(id: $id) { timeline(first: 50) { edges { node { type summary actor { kind id name } } } } } }`;
const CREATE_PROJECT = `mutation($c: ID!, $n: String!) { createProject(input: { clientId: $c, name: $n }) { id } }`;
const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

function parts(mail: any): { text: string; html: string } {
  const by = Object.fromEntries(mail.content.map((c: { type: string; value: string }) => [c.type, c.value]));
  return { text: by['text/plain'], html: by['text/html'] };
}
const recipient = (mail: any): string => mail.personalizations[0].to[0].email;

describe('conversations', () => {
  let double: SendGridDouble;
  let api: TestApi;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let pipeline: EmailPipeline;
  let clientId: string;
  let jane: TestContact;
  let john: TestContact;
  let gone: TestContact;
  let olly: TestContact;
  let projectId: string;
  let janeSession: Caller;
  let ollySession: Caller;
  let foreignSession: Caller;
  let owner: { kind: string; id: string; name: string };

  const { sql, opened, appendsNothing } = eventLogProbe(
    () => api,
    () => ws.token,
  );
  const post = (as: Caller, p: string, b: string) => api.gql(POST, { p, b }, as);
  const messagesOf = (as: Caller, id: string, first = 20, after: string | null = null) =>
    api.gql(MESSAGES, { id, first, after }, as);
  const refusal = (result: GraphQLResult) => {
    expect(result.data ?? null).toBeNull();
    return result.errors?.[0];
  };
  const messageMails = () => double.mails.filter((mail) => /wrote a message/.test(mail.subject));

  beforeAll(async () => {
    double = await SendGridDouble.start();
    api = await startTestApi({
      SENDGRID_API_KEY: 'test-key',
      SENDGRID_API_URL: double.url,
      EMAIL_FROM: 'portal@studio.test',
      PUBLIC_URL,
    });
    ws = await createTestWorkspace(api);
    other = await createTestWorkspace(api, 'Mallory Member');
    owner = { kind: 'MEMBER', id: ws.ownerId, name: 'Ava Owner' };
    ok(
      await api.gql(
        `mutation { updateBranding(input: { companyName: "Acme Studio", accentColor: "#aa3300" }) { id } }`,
        {},
        ws.token,
      ),
    );
    const client = await createClientWithContacts(api, ws, [
      { name: 'Jane Smith', email: 'jane@conv-client.test' },
      { name: 'John Smith', email: 'john@conv-client.test' },
      { name: 'Gone Smith', email: 'gone@conv-client.test' },
    ]);
    clientId = client.clientId;
    [jane, john, gone] = client.contacts;
    ok(await api.gql(`mutation($c: ID!) { removeContact(contactId: $c) { id } }`, { c: gone.id }, ws.token));
    projectId = ok(await api.gql(CREATE_PROJECT, { c: clientId, n: 'Website' }, ws.token)).createProject.id;
    olly = (await createClientWithContacts(api, ws, [{ name: 'Olly Jones', email: 'olly@conv-other.test' }]))
      .contacts[0];
    const foreign = await createClientWithContacts(api, other, [
      { name: 'Fred Foreign', email: 'fred@conv-foreign.test' },
    ]);
    ok(await api.gql(CREATE_PROJECT, { c: foreign.clientId, n: 'Foreign site' }, other.token));
    pipeline = startEmailPipeline(api.context, {
      prefix: testQueuePrefix(),
      mailer: createMailer(api.context.config, api.context.pool),
    });
    janeSession = await signInFromMail(api, double, ws.slug, jane.email);
    ollySession = await signInFromMail(api, double, ws.slug, olly.email);
    foreignSession = await signInFromMail(api, double, other.slug, 'fred@conv-foreign.test');
  });

  afterAll(async () => {
    await pipeline?.stopAndClean();
    await api?.stop();
    await double?.stop();
  });

  describe('postMessage', () => {
    it('a member: MessagePosted on the conversation stream, exactly its shape, the read model and the message', async () => {
      const message = ok(
        await post(ws.token, projectId, '  Kick-off is on Monday.\nSee you there!  '),
      ).postMessage;
      expect(message).toEqual({
        id: expect.any(String),
        body: 'Kick-off is on Monday.\nSee you there!',
        author: owner,
        postedAt: ISO,
      });
      const events = await opened(
        'SELECT stream_id, type, data, metadata FROM es_events WHERE data->>$1 = $2',
        ['messageId', message.id],
      );
      expect(events).toEqual([
        {
          stream_id: `conversation-${projectId}`,
          type: 'MessagePosted',
          data: {
            messageId: message.id,
            projectId,
            clientId,
            body: 'Kick-off is on Monday.\nSee you there!',
          },
          metadata: expect.objectContaining({ actor: owner, tenantId: ws.workspaceId }),
        },
      ]);
      expect(
        await sql('SELECT workspace_id, client_id, project_id, body, author FROM messages WHERE id = $1', [
          message.id,
        ]),
      ).toEqual([
        {
          workspace_id: ws.workspaceId,
          client_id: clientId,
          project_id: projectId,
          body: 'Kick-off is on Monday.\nSee you there!',
          author: owner,
        },
      ]);
    });

    it('a contact of the client, on a project they can see: the author is the contact', async () => {
      const message = ok(await post(janeSession, projectId, 'Great, thanks!')).postMessage;
      expect(message).toEqual({
        id: expect.any(String),
        body: 'Great, thanks!',
        author: { kind: 'CONTACT', id: jane.id, name: 'Jane Smith' },
        postedAt: ISO,
      });
      const [event] = await opened('SELECT stream_id, metadata FROM es_events WHERE data->>$1 = $2', [
        'messageId',
        message.id,
      ]);
      expect(event.stream_id).toBe(`conversation-${projectId}`);
      expect(event.metadata).toEqual(
        expect.objectContaining({
          actor: { kind: 'CONTACT', id: jane.id, name: 'Jane Smith' },
          tenantId: ws.workspaceId,
        }),
      );
      const page = ok(await messagesOf(janeSession, projectId)).project.messages;
      expect(page.edges[0].node).toEqual(message);
    });

    it.each([
      ['empty', '', /must not be empty/],
      ['whitespace only', ' \n\t  ', /must not be empty/],
      ['10,001 characters', 'x'.repeat(10_001), /at most 10000 characters \(got 10001\)/],
    ])('refuses a body that is %s at the field body, appending nothing', async (_what, body, why) => {
      for (const as of [ws.token, janeSession]) {
        await appendsNothing(async () => {
          const error = refusal(await post(as, projectId, body));
          expect(error?.extensions).toEqual(
            expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'body' }),
          );
          expect(error?.message).toMatch(why);
        });
      }
    });

    it('takes 10,000 characters', async () => {
      const body = 'y'.repeat(10_000);
      expect(ok(await post(ws.token, projectId, body)).postMessage.body).toBe(body);
    });

    it('an unknown or malformed project id is NOT_FOUND at projectId, appending nothing', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id'])
        await appendsNothing(async () => {
          expect(refusal(await post(ws.token, id, 'Hello'))?.extensions).toEqual(
            expect.objectContaining({ code: 'NOT_FOUND', field: 'projectId' }),
          );
        });
    });
  });

  describe('Project.messages', () => {
    let pagedProject: string;
    let posted: string[];

    beforeAll(async () => {
      pagedProject = ok(await api.gql(CREATE_PROJECT, { c: clientId, n: 'Paged' }, ws.token)).createProject
        .id;
      posted = [];
      for (let i = 1; i <= 7; i++)
        posted.push(
          ok(await post(i % 2 ? ws.token : janeSession, pagedProject, `Message ${i}`)).postMessage.id,
        );
    });

    it.each([
      ['a member', () => ws.token],
      ['a contact', () => janeSession],
    ])('%s reads them newest first, page by page by cursor, none twice', async (_who, as) => {
      const seen: string[] = [];
      let after: string | null = null;
      const pages: boolean[] = [];
      for (;;) {
        const page: any = ok(await messagesOf(as(), pagedProject, 3, after)).project.messages;
        seen.push(...page.edges.map((e: any) => e.node.id));
        pages.push(page.pageInfo.hasNextPage);
        expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(pages).toEqual([true, true, false]);
      expect(seen).toEqual([...posted].reverse());
      expect(new Set(seen).size).toBe(7);
    });

    it('a message posted while paging does not show twice or shift the older pages', async () => {
      const first = ok(await messagesOf(ws.token, pagedProject, 3)).project.messages;
      ok(await post(ws.token, pagedProject, 'Late message'));
      const rest = ok(await messagesOf(ws.token, pagedProject, 20, first.pageInfo.endCursor)).project
        .messages;
      expect(rest.edges.map((e: any) => e.node.id)).toEqual([...posted].reverse().slice(3));
    });

    it('the default page is 20; first out of 1..100 and a foreign cursor are BAD_USER_INPUT', async () => {
      const page = ok(
        await api.gql(
          `query($id: ID!) { project(id: $id) { messages { edges { node { id } } } } }`,
          { id: pagedProject },
          ws.token,
        ),
      ).project.messages;
      expect(page.edges).toHaveLength(8);
      // A field's refusal: the project is null, the error says why.
      const fieldError = async (first: number, after: string | null = null) => {
        const result = await messagesOf(ws.token, pagedProject, first, after);
        expect(result.data).toEqual({ project: null });
        return result.errors?.[0]?.extensions;
      };
      expect(await fieldError(0)).toEqual(
        expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'first' }),
      );
      expect(await fieldError(101)).toEqual(
        expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'first' }),
      );
      expect(await fieldError(3, 'bm9wZQ')).toEqual(
        expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'after' }),
      );
    });
  });

  describe('isolation', () => {
    it('a contact of another client, a member and a contact of another workspace: NOT_FOUND and nothing read', async () => {
      for (const as of [ollySession, other.token, foreignSession]) {
        await appendsNothing(async () => {
          expect(refusal(await post(as, projectId, 'Mallory was here'))?.extensions).toEqual(
            expect.objectContaining({ code: 'NOT_FOUND', field: 'projectId' }),
          );
        });
        expect(await messagesOf(as, projectId)).toEqual({ data: { project: null } });
      }
      expect(
        (await sql('SELECT count(*)::int AS n FROM messages WHERE body = $1', ['Mallory was here']))[0].n,
      ).toBe(0);
    });

    it('the service itself reads no message of a project the viewer may not see, whatever the path to it', async () => {
      const conversations = api.context.services.conversations;
      const [ollyRow] = await sql('SELECT client_id FROM contacts WHERE id = $1', [olly.id]);
      const asOlly: ContactViewer = {
        kind: 'CONTACT',
        contactId: olly.id,
        clientId: ollyRow.client_id,
        workspaceId: ws.workspaceId,
        name: 'Olly Jones',
        email: olly.email,
        sessionId: 'none',
      };
      expect((await conversations.page(asOlly, projectId, { first: 20, after: null })).edges).toEqual([]);
      const asOtherMember = { ...asOlly, kind: 'MEMBER', workspaceId: other.workspaceId } as never;
      expect((await conversations.page(asOtherMember, projectId, { first: 20, after: null })).edges).toEqual(
        [],
      );
    });

    it('a contact may not post once the project is no longer active, the client archived or the portal off', async () => {
      const conversations = api.context.services.conversations;
      const asJohn: ContactViewer = {
        kind: 'CONTACT',
        contactId: john.id,
        clientId,
        workspaceId: ws.workspaceId,
        name: 'John Smith',
        email: john.email,
        sessionId: 'none',
      };
      const refused = async (work: () => Promise<unknown>) => {
        let caught: unknown;
        await appendsNothing(async () => {
          await work().catch((error) => (caught = error));
        });
        expect(caught).toBeInstanceOf(DomainError);
        expect((caught as DomainError).code).toBe('NOT_FOUND');
      };
      const completed = ok(await api.gql(CREATE_PROJECT, { c: clientId, n: 'Done' }, ws.token)).createProject
        .id;
      ok(
        await api.gql(
          `mutation($id: ID!) { setProjectStatus(id: $id, status: COMPLETED) { id } }`,
          { id: completed },
          ws.token,
        ),
      );
      await refused(() => conversations.post(asJohn, completed, 'Still there?', 'test'));
      expect(refusal(await post(janeSession, completed, 'Still there?'))?.extensions?.code).toBe('NOT_FOUND');
      // A member may still write in it.
      ok(await post(ws.token, completed, 'Closing notes'));

      ok(await api.gql(`mutation { setPortalEnabled(enabled: false) { id } }`, {}, ws.token));
      await refused(() => conversations.post(asJohn, projectId, 'Portal off', 'test'));
      ok(await api.gql(`mutation { setPortalEnabled(enabled: true) { id } }`, {}, ws.token));

      ok(await api.gql(`mutation($id: ID!) { archiveClient(id: $id) { id } }`, { id: clientId }, ws.token));
      await refused(() => conversations.post(asJohn, projectId, 'Archived', 'test'));
      // Archiving ended Jane's session: the API refuses her before any service runs.
      await appendsNothing(async () => {
        expect(refusal(await post(janeSession, projectId, 'Archived'))?.extensions?.code).toBe(
          'UNAUTHENTICATED',
        );
      });
      ok(await api.gql(`mutation($id: ID!) { unarchiveClient(id: $id) { id } }`, { id: clientId }, ws.token));
      janeSession = await signInFromMail(api, double, ws.slug, jane.email);
      // Back as it was: John posts again.
      expect((await conversations.post(asJohn, projectId, 'Back again', 'test')).author).toEqual({
        kind: 'CONTACT',
        id: john.id,
        name: 'John Smith',
      });
    });
  });

  describe('emails', () => {
    const mailsWith = (text: string) =>
      double.mails.filter((mail) => parts(mail).text?.includes(text) && /wrote a message/.test(mail.subject));

    it("a member's message: one email to each live contact of the client, with the text, escaped HTML, the link and Reply-To", async () => {
      const body = 'Draft is ready <b>here</b> & "there": https://acme.test/draft';
      const message = ok(await post(ws.token, projectId, body)).postMessage;
      const mails = await waitFor(async () => {
        const found = mailsWith(body);
        return found.length >= 2 && found;
      }, 'the message emails');
      expect(mails.map(recipient).sort()).toEqual([jane.email, john.email].sort());
      const link = `${PUBLIC_URL}/p/${ws.slug}/projects/${projectId}?tab=overview#conversation`;
      const ownerRow = await sql('SELECT email FROM members WHERE id = $1', [ws.ownerId]);
      for (const mail of mails) {
        expect(mail.subject).toBe('Ava Owner wrote a message in Website');
        expect(mail.reply_to).toEqual({ email: ownerRow[0].email, name: 'Acme Studio' });
        expect(mail.from).toEqual({ email: expect.any(String), name: 'Acme Studio' });
        const { text, html } = parts(mail);
        expect(text).toContain(body);
        expect(text).toContain(link);
        expect(html).toContain(
          'Draft is ready &lt;b&gt;here&lt;/b&gt; &amp; &quot;there&quot;: https://acme.test/draft',
        );
        expect(html).not.toContain('<b>here</b>');
        expect(html).toContain(`href="${link}"`);
        expect(html).toContain('Acme Studio');
      }
      expect(mailsWith(body).map(recipient)).not.toContain(gone.email);
      const deliveries = await sql(
        `SELECT job_id FROM email_deliveries WHERE job_id LIKE 'message.%' AND status = 'sent'`,
      );
      expect(deliveries.length).toBeGreaterThanOrEqual(2);
      expect(message.author).toEqual(owner);
    });

    it("a contact's message emails no contact; a replay of the log sends nothing twice", async () => {
      const contactBody = `From Jane, not to be emailed ${Date.now()}`;
      const { postMessage } = ok(await post(janeSession, projectId, contactBody));
      const [event] = await sql('SELECT event_id FROM es_events WHERE data->>$1 = $2', [
        'messageId',
        postMessage.id,
      ]);
      // A member's message after it: once its emails are out, the dispatcher has passed the contact's.
      const memberBody = `Member after Jane ${Date.now()}`;
      ok(await post(ws.token, projectId, memberBody));
      await waitFor(async () => mailsWith(memberBody).length >= 2, 'the later member message emails');
      expect(double.mails.filter((mail) => parts(mail).text?.includes(contactBody))).toEqual([]);
      for (const contact of [jane, john])
        expect(
          await pipeline.emailQueue.queue.getJob(`message.${event.event_id}.${contact.id}`),
        ).toBeUndefined();

      const before = messageMails().length;
      await resetCheckpoint(api.db);
      const lastBody = `After the replay ${Date.now()}`;
      ok(await post(ws.token, projectId, lastBody));
      await waitFor(async () => mailsWith(lastBody).length >= 2, 'the emails after the replay');
      expect(messageMails().length).toBe(before + 2);
      expect(mailsWith(memberBody)).toHaveLength(2);
    });
  });

  describe('timeline', () => {
    it('members and the client read "NAME wrote a message" for messages of both', async () => {
      const timelineProject = ok(await api.gql(CREATE_PROJECT, { c: clientId, n: 'Timeline' }, ws.token))
        .createProject.id;
      ok(await post(ws.token, timelineProject, 'From the studio'));
      ok(await post(janeSession, timelineProject, 'From the client'));
      const expected = [
        {
          type: 'MessagePosted',
          summary: 'Jane Smith wrote a message',
          actor: { kind: 'CONTACT', id: jane.id, name: 'Jane Smith' },
        },
        { type: 'MessagePosted', summary: 'Ava Owner wrote a message', actor: owner },
      ];
      for (const as of [ws.token, janeSession]) {
        const entries = ok(await api.gql(TIMELINE, { id: timelineProject }, as)).project.timeline.edges.map(
          (e: any) => e.node,
        );
        expect(entries.filter((e: any) => e.type === 'MessagePosted')).toEqual(expected);
      }
      expect(
        await sql(
          `SELECT workspace_id, audience FROM timeline_entries WHERE type = 'MessagePosted' AND project_id = $1`,
          [timelineProject],
        ),
      ).toEqual([
        { workspace_id: ws.workspaceId, audience: 'CONTACTS' },
        { workspace_id: ws.workspaceId, audience: 'CONTACTS' },
      ]);
    });
  });
});
