import {
  createTestWorkspace,
  errorCode,
  ok,
  startTestApi,
  type Caller,
  type TestApi,
  type TestWorkspace,
} from '../test/api.harness';
import { invitationToken, inviteMember, signInAsMember, signInMemberWith } from '../test/member.fixture';

const OWNER_ONLY = new Set(['setMemberRole', 'removeMember']);

/**
 * The isolation sweep with members signed in by cookie: B's owner (token and
 * cookie) and B's MEMBER send A's ids to every query and mutation that takes
 * one, and read or change nothing of A; a removed member's old cookie and
 * token are nobody at once.
 */
describe('tenant isolation with members signed in to the console', () => {
  let api: TestApi;
  let wsA: TestWorkspace;
  let wsB: TestWorkspace;
  const a = { clientId: '', projectId: '', tokenId: '', memberId: '' };
  const callers: Record<string, Caller> = {};

  beforeAll(async () => {
    api = await startTestApi();
    wsA = await createTestWorkspace(api, 'Ava Owner');
    wsB = await createTestWorkspace(api, 'Bob Owner');
    const asA = (query: string, variables: Record<string, unknown> = {}) =>
      api.gql(query, variables, wsA.token).then(ok);
    a.clientId = (
      await asA(`mutation { createClient(input: { name: "Smith", contacts: [] }) { id } }`)
    ).createClient.id;
    a.projectId = (
      await asA(`mutation($c: ID!) { createProject(input: { clientId: $c, name: "Site" }) { id } }`, {
        c: a.clientId,
      })
    ).createProject.id;
    a.tokenId = (
      await asA(`mutation { createApiToken(name: "CI") { apiToken { id } } }`)
    ).createApiToken.apiToken.id;
    a.memberId = (await inviteMember(api, wsA, { name: 'Mia of A', email: 'mia@a.test' })).id;

    callers['B owner token'] = wsB.token;
    callers['B owner cookie'] = await signInAsMember(api, wsB.ownerEmail, wsB.workspaceId);
    const max = await inviteMember(api, wsB, { name: 'Max of B', email: 'max@b.test' });
    callers['B MEMBER cookie'] = await signInMemberWith(api, (await invitationToken(api, max.id))!);
  });
  afterAll(() => api.stop());

  const versionOfA = async () =>
    (
      await api.db.owner.query(
        `SELECT coalesce(sum(version), 0)::int AS v FROM es_streams WHERE stream_id = ANY($1)`,
        [[`workspace-${wsA.workspaceId}`, `client-${a.clientId}`, `project-${a.projectId}`]],
      )
    ).rows[0].v;

  it.each(['B owner token', 'B owner cookie', 'B MEMBER cookie'])(
    "%s reads nothing of A and changes nothing of A, whatever A's ids it sends",
    async (name) => {
      const as = callers[name];
      const before = await versionOfA();
      const reads = await api.gql(
        `query($c: ID!, $p: ID!, $at: DateTime!) { client(id: $c) { id } project(id: $p) { id }
           projectAt(id: $p, at: $at) { id name }
           viewer { ... on MemberViewer { workspace { id members { id } } } } }`,
        { c: a.clientId, p: a.projectId, at: new Date().toISOString() },
        as,
      );
      expect(reads.data!.client).toBeNull();
      expect(reads.data!.project).toBeNull();
      expect(reads.data!.projectAt).toBeNull();
      expect(reads.data!.viewer.workspace.id).toBe(wsB.workspaceId);
      expect(JSON.stringify(reads.data)).not.toContain(a.memberId);

      const attacks: [string, string, Record<string, unknown>][] = [
        [
          'renameClient',
          'mutation($id: ID!) { renameClient(id: $id, name: "Taken") { id } }',
          { id: a.clientId },
        ],
        ['archiveClient', 'mutation($id: ID!) { archiveClient(id: $id) { id } }', { id: a.clientId }],
        [
          'createProject',
          'mutation($id: ID!) { createProject(input: { clientId: $id, name: "Planted" }) { id } }',
          { id: a.clientId },
        ],
        [
          'renameProject',
          'mutation($id: ID!) { renameProject(id: $id, name: "Taken") { id } }',
          { id: a.projectId },
        ],
        ['revokeApiToken', 'mutation($id: ID!) { revokeApiToken(id: $id) }', { id: a.tokenId }],
        [
          'setMemberRole',
          'mutation($id: ID!) { setMemberRole(id: $id, role: OWNER) { id } }',
          { id: a.memberId },
        ],
        ['removeMember', 'mutation($id: ID!) { removeMember(id: $id) { id } }', { id: a.memberId }],
        ['removeMember', 'mutation($id: ID!) { removeMember(id: $id) { id } }', { id: wsA.ownerId }],
      ];
      const outcomes = [];
      for (const [mutation, query, variables] of attacks) {
        const result = await api.gql(query, variables, as);
        outcomes.push({ mutation, code: errorCode(result), data: result.data ?? null });
      }
      const member = name === 'B MEMBER cookie';
      expect(outcomes).toEqual(
        attacks.map(([mutation]) => ({
          mutation,
          code: member && OWNER_ONLY.has(mutation) ? 'FORBIDDEN' : 'NOT_FOUND',
          data: null,
        })),
      );
      expect(await versionOfA()).toBe(before);
      const { rows } = await api.db.owner.query(
        `SELECT count(*)::int AS n FROM members WHERE workspace_id = $1 AND removed_at IS NULL`,
        [wsA.workspaceId],
      );
      expect(rows[0].n).toBe(2);
    },
  );

  it("a removed member's old cookie and API token are nobody at once, for every kind of request", async () => {
    const rue = await inviteMember(api, wsA, { name: 'Rue of A', email: 'rue@a.test' });
    const cookie = await signInMemberWith(api, (await invitationToken(api, rue.id))!);
    const token = ok(await api.gql('mutation { createApiToken(name: "Rue") { token } }', {}, cookie))
      .createApiToken.token as string;
    for (const as of [cookie, token])
      expect(ok(await api.gql('{ clients { id } }', {}, as)).clients).toHaveLength(1);

    ok(await api.gql('mutation($id: ID!) { removeMember(id: $id) { id } }', { id: rue.id }, wsA.token));
    for (const as of [cookie, token] as Caller[]) {
      expect(ok(await api.gql('{ viewer { __typename } }', {}, as))).toEqual({ viewer: null });
      for (const query of [
        '{ clients { id } }',
        '{ projects { id } }',
        `mutation { updateBranding(input: { companyName: "Rue was here" }) { id } }`,
        `mutation { createApiToken(name: "again") { token } }`,
        `mutation { inviteMember(input: { name: "Back door", email: "back@door.test" }) { id } }`,
      ]) {
        const result = await api.gql(query, {}, as);
        expect({ query, code: errorCode(result), data: result.data ?? null }).toEqual({
          query,
          code: 'UNAUTHENTICATED',
          data: null,
        });
      }
    }
    expect((await api.context.services.workspaces.byId(wsA.workspaceId))!.branding.companyName).not.toBe(
      'Rue was here',
    );
  });
});
