import { createMailer } from '../../integrations/mailer.factory';
import {
  createTestWorkspace,
  errorCode,
  ok,
  startTestApi,
  type GraphQLResult,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';
import {
  createClientWithContacts,
  startEmailPipeline,
  testQueuePrefix,
  type EmailPipeline,
} from '../../test/email.fixture';
import {
  inviteMember,
  memberSignInTokens,
  signInMemberWith,
  SIGN_IN_MEMBER,
} from '../../test/member.fixture';
import { SendGridDouble } from '../../test/sendgrid.double';
import { MEMBER_LINK_USED_OR_EXPIRED } from '../../auth/member-session.service';

const PUBLIC_URL = 'http://console.members.test';
const REQUEST = 'mutation($e: String!) { requestMemberSignInLink(email: $e) }';
const VIEWER = `{ viewer { __typename ... on MemberViewer { member { id name email role lastSignedInAt } workspace { id } } } }`;
const MEMBERS = `{ viewer { ... on MemberViewer { workspace { members { id name email role lastSignedInAt } } } } }`;

function textOf(mail: any): string {
  return mail.content.find((c: { type: string }) => c.type === 'text/plain').value as string;
}
const tokensIn = (text: string) =>
  [...text.matchAll(/\/app\/auth\?token=([\w-]+)/g)].map((match) => match[1]);
const recipientOf = (mail: any) => mail.personalizations[0].to[0].email as string;

describe('members: console sign-in by email link, the team, roles', () => {
  let double: SendGridDouble;
  let api: TestApi;
  let pipeline: EmailPipeline;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  // The API's clock (moved by tests); the email worker keeps the real one, so this starts at it.
  let now = new Date();
  const owner = (query: string, variables: Record<string, unknown> = {}) =>
    api.gql(query, variables, ws.token);

  /** The newest email to an address (waiting for the `count`th), as the SendGrid double received it. */
  const mailTo = async (address: string, count = 1) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const mails = double.mails.filter((mail) => recipientOf(mail).toLowerCase() === address.toLowerCase());
      if (mails.length >= count) return mails[mails.length - 1];
      if (Date.now() > deadline) throw new Error(`no email ${count} to ${address}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  /** The console links of the newest email to an address. */
  const linksTo = async (address: string, count = 1) => tokensIn(textOf(await mailTo(address, count)));
  /** Which workspace a link's token signs in to, from its hash (without using it). */
  const workspaceOfToken = async (token: string) =>
    (
      await api.db.owner.query(
        `SELECT workspace_id FROM member_login_links WHERE token_hash = sha256(convert_to($1, 'UTF8'))`,
        [token],
      )
    ).rows[0]?.workspace_id;
  /** A member invited and signed in with the invitation's link. */
  const invitedAndSignedIn = async (name: string, email: string) => {
    const member = await inviteMember(api, ws, { name, email });
    const [token] = await linksTo(email);
    return { member, cookie: await signInMemberWith(api, token) };
  };
  /** A console session of an existing member, through a sign-in email. */
  const signedIn = async (email: string, workspaceId: string) => {
    const before = double.mails.filter((mail) => recipientOf(mail) === email).length;
    ok(await api.gql(REQUEST, { e: email }));
    for (const token of await linksTo(email, before + 1))
      if ((await workspaceOfToken(token)) === workspaceId) return signInMemberWith(api, token);
    throw new Error(`no link to ${workspaceId} for ${email}`);
  };

  beforeAll(async () => {
    double = await SendGridDouble.start();
    api = await startTestApi(
      { SENDGRID_API_KEY: 'test-key', SENDGRID_API_URL: double.url, PUBLIC_URL },
      () => now,
    );
    ws = await createTestWorkspace(api, 'Ava Owner');
    other = await createTestWorkspace(api, 'Otto Owner');
    pipeline = startEmailPipeline(api.context, {
      prefix: testQueuePrefix(),
      mailer: createMailer(api.context.config, api.context.pool),
    });
  });
  afterAll(async () => {
    await pipeline?.stopAndClean();
    await api?.stop();
    await double?.stop();
  });
  beforeEach(() => double.reset());

  it('end to end: request → one email with a link per workspace → signInMember → the cookie alone works', async () => {
    // Sam is a member of both workspaces (invited to each); one address, one email, two named links.
    const inWs = await inviteMember(api, ws, { name: 'Sam Both', email: 'sam@both.test' });
    const inOther = await inviteMember(api, other, { name: 'Sam Both', email: 'SAM@both.test' });
    await mailTo('sam@both.test', 2);
    double.reset();

    expect(ok(await api.gql(REQUEST, { e: 'sam@both.test' }))).toEqual({ requestMemberSignInLink: true });
    const [request] = await double.waitForRequests(1);
    const mail = request.body;
    expect(mail.personalizations[0].to[0].email).toBe('sam@both.test');
    expect(mail.subject).toBe('Sign in to your console');
    const text = textOf(mail);
    expect(text).toContain('Studio');
    const tokens = tokensIn(text);
    expect(tokens).toHaveLength(2);
    expect(text).toContain(`${PUBLIC_URL}/app/auth?token=${tokens[0]}`);
    const html = mail.content.find((c: { type: string }) => c.type === 'text/html').value as string;
    for (const token of tokens) expect(html).toContain(`href="${PUBLIC_URL}/app/auth?token=${token}"`);

    // Each link signs in to its own workspace; the cookie alone then answers members' queries.
    const signedIn = await Promise.all(
      tokens.map(async (token) => {
        const response = await api.post(SIGN_IN_MEMBER, { t: token });
        const body = (await response.json()) as GraphQLResult;
        return { body, cookie: response.headers.get('set-cookie')! };
      }),
    );
    const workspaces = signedIn.map((s) => ok(s.body).signInMember.workspace.id).sort();
    expect(workspaces).toEqual([ws.workspaceId, other.workspaceId].sort());
    for (const { cookie, body } of signedIn) {
      expect(cookie).toMatch(
        /^portal_member_session=[\w-]{43}; Max-Age=2592000; Path=\/; Expires=.*; HttpOnly; SameSite=Lax$/,
      );
      const viewer = ok(await api.gql(VIEWER, {}, { cookie: cookie.split(';')[0] })).viewer;
      expect(viewer.__typename).toBe('MemberViewer');
      expect(viewer.workspace.id).toBe(ok(body).signInMember.workspace.id);
      expect(viewer.member.id).toBe(viewer.workspace.id === ws.workspaceId ? inWs.id : inOther.id);
      expect(viewer.member.lastSignedInAt).toBe(now.toISOString());
      expect(ok(await api.gql('{ clients { id } }', {}, { cookie: cookie.split(';')[0] })).clients).toEqual(
        [],
      );
    }
    // A link works once.
    const again = await api.gql(SIGN_IN_MEMBER, { t: tokens[0] });
    expect(again.errors?.[0]).toMatchObject({
      message: MEMBER_LINK_USED_OR_EXPIRED,
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('switchWorkspace: a console session moves to another workspace of the same address, and only there', async () => {
    await inviteMember(api, ws, { name: 'Pat Both', email: 'pat@both.test' });
    const inOther = await inviteMember(api, other, { name: 'Pat in Other', email: 'pat@both.test' });
    await mailTo('pat@both.test', 2);
    const cookie = await signedIn('pat@both.test', ws.workspaceId);
    const CHOICES = `{ viewer { ... on MemberViewer { workspace { id } workspaces { id name current } } } }`;
    const choices = ok(await api.gql(CHOICES, {}, cookie)).viewer;
    expect(choices.workspace.id).toBe(ws.workspaceId);
    expect(choices.workspaces.map((w: any) => [w.id, w.current]).sort()).toEqual(
      [
        [ws.workspaceId, true],
        [other.workspaceId, false],
      ].sort(),
    );
    const SWITCH = `mutation($w: ID!) { switchWorkspace(workspaceId: $w) { member { id } workspace { id } } }`;
    const switched = await api.post(SWITCH, { w: other.workspaceId }, cookie);
    const body = (await switched.json()) as GraphQLResult;
    expect(ok(body).switchWorkspace).toEqual({
      member: { id: inOther.id },
      workspace: { id: other.workspaceId },
    });
    const next = { cookie: switched.headers.get('set-cookie')!.split(';')[0] };
    expect(ok(await api.gql(CHOICES, {}, next)).viewer.workspace.id).toBe(other.workspaceId);
    expect(ok(await api.gql('{ viewer { __typename } }', {}, cookie))).toEqual({ viewer: null });
    // Nowhere the address is no member of; never with an API token.
    expect(errorCode(await api.gql(SWITCH, { w: (await createTestWorkspace(api)).workspaceId }, next))).toBe(
      'NOT_FOUND',
    );
    expect(errorCode(await api.gql(SWITCH, { w: other.workspaceId }, ws.token))).toBe('BAD_USER_INPUT');
  });

  it('requestMemberSignInLink answers true in about the same time for anyone, and sends only to members', async () => {
    const timed = async (email: string) => {
      const started = Date.now();
      expect(ok(await api.gql(REQUEST, { e: email }))).toEqual({ requestMemberSignInLink: true });
      return Date.now() - started;
    };
    const unknown = await timed('nobody@nowhere.test');
    const known = await timed(ws.ownerEmail);
    expect(unknown).toBeGreaterThanOrEqual(190);
    expect(Math.abs(unknown - known)).toBeLessThan(200);
    await double.waitForRequests(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(double.mails.map((mail) => mail.personalizations[0].to[0].email)).toEqual([ws.ownerEmail]);
    const contactOnly = await createClientWithContacts(api, ws, [
      { name: 'Cora', email: 'cora@client.test' },
    ]);
    expect(contactOnly.contacts).toHaveLength(1);
    expect(ok(await api.gql(REQUEST, { e: 'cora@client.test' }))).toEqual({ requestMemberSignInLink: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(double.mails.map(recipientOf)).toEqual([ws.ownerEmail]);
  });

  it('rate limits: 5 links per address in 15 minutes; past them still true, and nothing sent', async () => {
    await inviteMember(api, ws, { name: 'Rita Rate', email: 'rita@studio.test' });
    await mailTo('rita@studio.test');
    for (let i = 0; i < 7; i++)
      expect(ok(await api.gql(REQUEST, { e: 'rita@studio.test' }))).toEqual({
        requestMemberSignInLink: true,
      });
    await mailTo('rita@studio.test', 6);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(double.mails.filter((mail) => recipientOf(mail) === 'rita@studio.test')).toHaveLength(6);
    const { rows } = await api.db.owner.query(
      `SELECT count(*)::int AS n FROM member_login_links l JOIN members m ON m.id = l.member_id
       WHERE m.email = 'rita@studio.test' AND l.purpose = 'sign-in'`,
    );
    expect(rows[0].n).toBe(5);
  });

  it('returnTo: the link lands on the console page asked for; anything but a console page is refused, appending nothing', async () => {
    await inviteMember(api, ws, { name: 'Reta Return', email: 'reta@studio.test' });
    await mailTo('reta@studio.test');
    const ASK = 'mutation($e: String!, $r: String) { requestMemberSignInLink(email: $e, returnTo: $r) }';
    const events = async () =>
      (await api.db.owner.query('SELECT count(*)::int AS n FROM es_events')).rows[0].n as number;
    const before = await events();
    for (const bad of [
      'https://evil.test/app/invoices',
      '//evil.test/app/',
      '/p/some-slug/projects',
      '/app/login?next=/app/',
      '/app/auth?token=x',
      '/app/\\evil.test',
    ]) {
      const refused = await api.gql(ASK, { e: 'reta@studio.test', r: bad });
      expect(refused.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'returnTo' });
    }
    expect(await events()).toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(double.mails.filter((mail) => recipientOf(mail) === 'reta@studio.test')).toHaveLength(1);

    const page = '/app/invoices/7d2c6a52-0000-4000-8000-000000000001?tab=payments';
    expect(ok(await api.gql(ASK, { e: 'reta@studio.test', r: page }))).toEqual({
      requestMemberSignInLink: true,
    });
    const text = textOf(await mailTo('reta@studio.test', 2));
    const [token] = tokensIn(text);
    expect(text).toContain(`${PUBLIC_URL}/app/auth?token=${token}&next=${encodeURIComponent(page)}`);
    // The token still signs in as before; what follows it is only where the page goes next.
    expect((await signInMemberWith(api, token)).cookie).toMatch(/=/);
  });

  it('a link expires after 15 minutes; an earlier unused link still works after another is asked for', async () => {
    const lee = await inviteMember(api, ws, { name: 'Lee Late', email: 'lee@studio.test' });
    await mailTo('lee@studio.test');
    ok(await api.gql(REQUEST, { e: 'lee@studio.test' }));
    const [first] = await linksTo('lee@studio.test', 2);
    ok(await api.gql(REQUEST, { e: 'lee@studio.test' }));
    const [second] = await linksTo('lee@studio.test', 3);
    expect(second).not.toBe(first);
    const start = now;
    try {
      now = new Date(start.getTime() + 14 * 60_000);
      expect(ok(await api.gql(SIGN_IN_MEMBER, { t: first })).signInMember.member.id).toBe(lee.id);
      now = new Date(start.getTime() + 16 * 60_000);
      expect(errorCode(await api.gql(SIGN_IN_MEMBER, { t: second }))).toBe('UNAUTHENTICATED');
    } finally {
      now = start;
    }
  });

  it('inviteMember (OWNER): the member is listed, the invitation emailed (7 days, once) and signs them in', async () => {
    const invited = await inviteMember(api, ws, {
      name: 'Ivy Invitee',
      email: 'ivy@studio.test',
      role: 'MEMBER',
    });
    expect(invited).toMatchObject({ name: 'Ivy Invitee', email: 'ivy@studio.test', role: 'MEMBER' });
    const mail = await mailTo('ivy@studio.test');
    const company = (await api.context.services.workspaces.byId(ws.workspaceId))!.branding.companyName;
    expect(mail.subject).toBe(`Ava Owner invited you to ${company}`);
    expect(mail.from).toMatchObject({ name: company });
    const [token] = tokensIn(textOf(mail));
    expect(await workspaceOfToken(token)).toBe(ws.workspaceId);

    const listed = ok(await owner(MEMBERS)).viewer.workspace.members;
    expect(listed.find((m: any) => m.id === invited.id)).toEqual({ ...invited, lastSignedInAt: null });
    expect(listed.find((m: any) => m.role === 'OWNER').name).toBe('Ava Owner');

    const start = now;
    try {
      now = new Date(start.getTime() + 6 * 86_400_000);
      const { cookie } = await signInMemberWith(api, token);
      expect(ok(await api.gql(VIEWER, {}, { cookie })).viewer.member).toMatchObject({
        id: invited.id,
        role: 'MEMBER',
      });
      expect(errorCode(await api.gql(SIGN_IN_MEMBER, { t: token }))).toBe('UNAUTHENTICATED');
    } finally {
      now = start;
    }
    // An invitation past its 7 days does not open.
    await inviteMember(api, ws, { name: 'Ned Never', email: 'ned@studio.test' });
    const [lateToken] = await linksTo('ned@studio.test');
    try {
      now = new Date(start.getTime() + 7 * 86_400_000 + 60_000);
      expect(errorCode(await api.gql(SIGN_IN_MEMBER, { t: lateToken }))).toBe('UNAUTHENTICATED');
    } finally {
      now = start;
    }
  });

  it('refuses bad invitations, naming the field, and appends nothing', async () => {
    const version = async () =>
      Number(
        (
          await api.db.owner.query('SELECT version FROM es_streams WHERE stream_id = $1', [
            `workspace-${ws.workspaceId}`,
          ])
        ).rows[0].version,
      );
    const before = await version();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '  ', email: 'x@studio.test' }, 'input.name'],
      [{ name: 'X', email: 'not an email' }, 'input.email'],
      [{ name: 'Ava again', email: ws.ownerEmail.toUpperCase() }, 'input.email'],
    ];
    for (const [input, field] of cases) {
      const result = await owner(
        `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { id } }`,
        {
          input,
        },
      );
      expect({ field, error: result.errors?.[0]?.extensions }).toEqual({
        field,
        error: { code: 'BAD_USER_INPUT', field },
      });
      expect(result.data ?? null).toBeNull();
    }
    expect(await version()).toBe(before);
  });

  it('roles: a MEMBER may not manage the team (FORBIDDEN); the last OWNER cannot be removed or made a MEMBER', async () => {
    const { member: mo, cookie: moCookie } = await invitedAndSignedIn('Mo Member', 'mo@studio.test');
    const ownerId = ws.ownerId;
    for (const [query, variables] of [
      [
        'mutation($i: InviteMemberInput!) { inviteMember(input: $i) { id } }',
        { i: { name: 'Z', email: 'z@z.test' } },
      ],
      ['mutation($id: ID!) { setMemberRole(id: $id, role: OWNER) { id } }', { id: mo.id }],
      ['mutation($id: ID!) { removeMember(id: $id) { id } }', { id: ownerId }],
    ] as const) {
      const result = await api.gql(query, variables, moCookie);
      expect(errorCode(result)).toBe('FORBIDDEN');
    }
    // The last owner stays one.
    const demote = await owner('mutation($id: ID!) { setMemberRole(id: $id, role: MEMBER) { id } }', {
      id: ownerId,
    });
    expect(demote.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/last owner/),
      extensions: { code: 'BAD_USER_INPUT', field: 'role' },
    });
    const remove = await owner('mutation($id: ID!) { removeMember(id: $id) { id } }', { id: ownerId });
    expect(remove.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/last owner/),
      extensions: { code: 'BAD_USER_INPUT', field: 'id' },
    });
    // With a second owner, the first may step down; events carry the member who acted.
    ok(await owner('mutation($id: ID!) { setMemberRole(id: $id, role: OWNER) { role } }', { id: mo.id }));
    const promoted = ok(await api.gql(VIEWER, {}, moCookie)).viewer.member;
    expect(promoted.role).toBe('OWNER');
    ok(
      await api.gql(
        'mutation($id: ID!) { setMemberRole(id: $id, role: MEMBER) { role } }',
        { id: ownerId },
        moCookie,
      ),
    );
    const { rows } = await api.db.owner.query(
      `SELECT metadata->'actor' AS actor FROM es_events WHERE type = 'MemberRoleChanged' AND data->>'memberId' = $1`,
      [ownerId],
    );
    // The log keeps Mo's name sealed under Mo's key; read, it is Mo's.
    expect(JSON.stringify(rows.at(-1).actor)).not.toContain('Mo Member');
    const [actor] = (await api.context.store.personalData.openValues([rows.at(-1).actor], api.db.owner))!;
    expect(actor).toEqual({ kind: 'MEMBER', id: mo.id, name: 'Mo Member' });
    // Back as it was, by Mo (now the owner), so the other tests keep Ava as an owner.
    ok(
      await api.gql(
        'mutation($id: ID!) { setMemberRole(id: $id, role: OWNER) { role } }',
        { id: ownerId },
        moCookie,
      ),
    );
  });

  it('removeMember ends their sessions and revokes their API tokens in the same transaction', async () => {
    const { member: rue, cookie: rueCookie } = await invitedAndSignedIn('Rue Removed', 'rue@studio.test');
    const created = ok(
      await api.gql('mutation { createApiToken(name: "Rue CLI") { token apiToken { id } } }', {}, rueCookie),
    ).createApiToken;
    expect(ok(await api.gql('{ clients { id } }', {}, created.token)).clients).toBeDefined();
    ok(await api.gql(REQUEST, { e: 'rue@studio.test' }));
    const [unused] = await linksTo('rue@studio.test', 2);

    const removed = ok(
      await owner('mutation($id: ID!) { removeMember(id: $id) { members { id } } }', { id: rue.id }),
    );
    expect(removed.removeMember.members.map((m: any) => m.id)).not.toContain(rue.id);
    expect(ok(await api.gql('{ viewer { __typename } }', {}, rueCookie))).toEqual({ viewer: null });
    expect(errorCode(await api.gql('{ clients { id } }', {}, rueCookie))).toBe('UNAUTHENTICATED');
    expect(errorCode(await api.gql('{ clients { id } }', {}, created.token))).toBe('UNAUTHENTICATED');
    expect(errorCode(await api.gql(SIGN_IN_MEMBER, { t: unused }))).toBe('UNAUTHENTICATED');
    const { rows } = await api.db.owner.query(
      `SELECT (SELECT count(*)::int FROM member_sessions WHERE member_id = $1 AND ended_at IS NULL) AS sessions,
              (SELECT count(*)::int FROM api_tokens WHERE member_id = $1 AND revoked_at IS NULL) AS tokens,
              (SELECT count(*)::int FROM member_login_links WHERE member_id = $1 AND used_at IS NULL AND revoked_at IS NULL) AS links`,
      [rue.id],
    );
    expect(rows[0]).toEqual({ sessions: 0, tokens: 0, links: 0 });
    // A removed member asking for a link gets nothing; their address may be invited again.
    ok(await api.gql(REQUEST, { e: 'rue@studio.test' }));
    expect(await inviteMember(api, ws, { name: 'Rue Again', email: 'rue@studio.test' })).toMatchObject({
      name: 'Rue Again',
    });
  });

  it("API tokens: a MEMBER sees and revokes their own; only an OWNER another's", async () => {
    const { member: tia, cookie: tiaCookie } = await invitedAndSignedIn('Tia Tokens', 'tia@studio.test');
    const own = ok(
      await api.gql('mutation { createApiToken(name: "Tia") { apiToken { id } } }', {}, tiaCookie),
    ).createApiToken.apiToken.id;
    const ownerTokens = `{ viewer { ... on MemberViewer { workspace { members { id apiTokens { id } } } } } }`;
    const seenByTia = ok(await api.gql(ownerTokens, {}, tiaCookie)).viewer.workspace.members;
    expect(seenByTia.find((m: any) => m.id === tia.id).apiTokens).toEqual([{ id: own }]);
    expect(seenByTia.find((m: any) => m.id === ws.ownerId).apiTokens).toEqual([]);
    const seenByOwner = ok(await owner(ownerTokens)).viewer.workspace.members;
    const ownersToken = seenByOwner.find((m: any) => m.id === ws.ownerId).apiTokens[0].id;
    expect(seenByOwner.find((m: any) => m.id === tia.id).apiTokens).toEqual([{ id: own }]);

    const refused = await api.gql(
      'mutation($id: ID!) { revokeApiToken(id: $id) }',
      { id: ownersToken },
      tiaCookie,
    );
    expect(refused.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN', field: 'id' });
    expect(ok(await api.gql('{ clients { id } }', {}, ws.token))).toBeDefined();
    expect(ok(await owner('mutation($id: ID!) { revokeApiToken(id: $id) }', { id: own }))).toEqual({
      revokeApiToken: true,
    });
  });

  it('cookies: a member cookie and a contact cookie never stand for each other; signOut ends the member session', async () => {
    const client = await createClientWithContacts(api, ws, [{ name: 'Cleo', email: 'cleo@client.test' }]);
    ok(
      await api.gql('mutation($s: String!, $e: String!) { requestLoginLink(slug: $s, email: $e) }', {
        s: ws.slug,
        e: 'cleo@client.test',
      }),
    );
    const contactLink = /auth\?token=([\w-]+)/.exec(textOf(await mailTo('cleo@client.test')))![1];
    const contactSignIn = await api.post(
      'mutation($t: String!) { signInWithLoginLink(token: $t) { contact { id } } }',
      {
        t: contactLink,
      },
    );
    const contact = { cookie: contactSignIn.headers.get('set-cookie')!.split(';')[0] };
    const memberCookie = await signedIn(ws.ownerEmail, ws.workspaceId);
    const contactToken = contact.cookie.split('=')[1];
    const memberToken = memberCookie.cookie.split('=')[1];
    // Swapped names: nobody.
    for (const cookie of [`portal_session=${memberToken}`, `portal_member_session=${contactToken}`])
      expect(ok(await api.gql('{ viewer { __typename } }', {}, { cookie }))).toEqual({ viewer: null });
    // A contact's cookie is nobody on members' operations; a member's is nobody on the portal.
    expect(errorCode(await api.gql('{ clients { id } }', {}, contact))).toBe('FORBIDDEN');
    const both = { cookie: `${contact.cookie}; ${memberCookie.cookie}` };
    const asPortal = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: memberCookie.cookie,
        'x-portal-viewer': 'contact',
      },
      body: JSON.stringify({ query: '{ viewer { __typename } }' }),
    });
    expect(await asPortal.json()).toEqual({ data: { viewer: null } });
    const portalWithBoth = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: both.cookie, 'x-portal-viewer': 'contact' },
      body: JSON.stringify({ query: '{ viewer { __typename } }' }),
    });
    expect(await portalWithBoth.json()).toEqual({ data: { viewer: { __typename: 'ContactViewer' } } });
    expect(ok(await api.gql('{ viewer { __typename } }', {}, both))).toEqual({
      viewer: { __typename: 'MemberViewer' },
    });
    expect(client.clientId).toBeDefined();

    // signOut ends it: the old cookie is nobody at once, and the contact's session is untouched.
    const out = await api.post('mutation { signOut }', {}, memberCookie);
    expect(out.headers.get('set-cookie')).toMatch(/^portal_member_session=;/);
    expect(((await out.json()) as GraphQLResult).data).toEqual({ signOut: true });
    expect(ok(await api.gql('{ viewer { __typename } }', {}, memberCookie))).toEqual({ viewer: null });
    expect(ok(await api.gql('{ viewer { __typename } }', {}, contact))).toEqual({
      viewer: { __typename: 'ContactViewer' },
    });
  });

  it('CSRF: a member cookie does not work through a GET, a form post or a text/plain post', async () => {
    const cookie = (await signedIn(ws.ownerEmail, ws.workspaceId)).cookie;
    const mutation = 'mutation { setPortalEnabled(enabled: false) { portalEnabled } }';
    const get = await fetch(`${api.url}/graphql?query=${encodeURIComponent(mutation)}`, {
      headers: { cookie },
    });
    expect(get.status).toBe(400);
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const response = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': type, cookie },
        body: type.startsWith('application/x-www')
          ? `query=${encodeURIComponent(mutation)}`
          : JSON.stringify({ query: mutation }),
      });
      expect({ type, status: response.status }).toEqual({ type, status: 400 });
    }
    expect((await api.context.services.workspaces.byId(ws.workspaceId))!.portalEnabled).toBe(true);
  });

  it('the session slides: renewed on use after an hour, and ends 30 days after the last use', async () => {
    const cookie = await signedIn(ws.ownerEmail, ws.workspaceId);
    const start = now;
    try {
      now = new Date(start.getTime() + 2 * 3600_000);
      const renewed = await api.post('{ viewer { __typename } }', {}, cookie);
      expect(renewed.headers.get('set-cookie')).toMatch(/^portal_member_session=[\w-]{43}; Max-Age=2592000/);
      now = new Date(start.getTime() + 2 * 3600_000 + 29 * 86_400_000);
      expect(ok(await api.gql('{ viewer { __typename } }', {}, cookie))).toEqual({
        viewer: { __typename: 'MemberViewer' },
      });
      now = new Date(start.getTime() + 2 * 3600_000 + 59 * 86_400_000 + 3600_000);
      expect(ok(await api.gql('{ viewer { __typename } }', {}, cookie))).toEqual({ viewer: null });
    } finally {
      now = start;
    }
  });
});

describe('member cookies under https', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  beforeAll(async () => {
    api = await startTestApi({ PUBLIC_URL: 'https://console.example.test' });
    ws = await createTestWorkspace(api);
  });
  afterAll(() => api.stop());

  it('are Secure', async () => {
    ok(await api.gql(REQUEST, { e: ws.ownerEmail }));
    const token = (await memberSignInTokens(api, ws.ownerEmail)).get(ws.workspaceId)!;
    const response = await api.post(SIGN_IN_MEMBER, { t: token });
    expect(response.headers.get('set-cookie')).toMatch(/; HttpOnly; Secure; SameSite=Lax$/);
  });
});
