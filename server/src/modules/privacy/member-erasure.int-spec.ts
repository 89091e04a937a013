import { verifyChains } from '../../event-store/hash-chain';
import { InlineProjectionRunner } from '../../projections/inline-projection';
import { rebuildProjections } from '../../projections/rebuild';
import {
  createTestWorkspace,
  errorCode,
  ok,
  startTestApi,
  type Caller,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';
import { eventLogProbe } from '../../test/event-log.probe';
import { invitationToken, inviteMember, signInMemberWith, type TestMember } from '../../test/member.fixture';
import { whereFound } from '../../test/personal-data.probe';
import { inlineProjections } from '..';

const ERASE = `mutation($id: ID!) { eraseMember(memberId: $id) }`;
const REMOVE = `mutation($id: ID!) { removeMember(id: $id) { id } }`;

describe('eraseMember: a removed member, crypto-shredded', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let nadia: TestMember;
  let nadiaSession: Caller;
  let mo: Caller;
  const { sql, appendsNothing } = eventLogProbe(
    () => api,
    () => ws.token,
  );

  beforeAll(async () => {
    api = await startTestApi();
    ws = await createTestWorkspace(api);
    other = await createTestWorkspace(api, 'Mallory Owner');
    nadia = await inviteMember(api, ws, { name: 'Nadia Forgetsome', email: 'nadia.forgetsome@studio.test' });
    nadiaSession = await signInMemberWith(api, (await invitationToken(api, nadia.id))!);
    const moMember = await inviteMember(api, ws, { name: 'Mo Member', email: 'mo@studio.test' });
    mo = await signInMemberWith(api, (await invitationToken(api, moMember.id))!);
    // Nadia works: her name goes into the actor of each event, and into the timeline.
    const { createClient } = ok(
      await api.gql(
        `mutation { createClient(input: { name: "Acme", contacts: [{ name: "Carl Client", email: "carl@acme.test" }] }) { id } }`,
        {},
        nadiaSession,
      ),
    );
    ok(
      await api.gql(
        `mutation($c: ID!) { createProject(input: { clientId: $c, name: "Site" }) { id } }`,
        { c: createClient.id },
        nadiaSession,
      ),
    );
  }, 60_000);
  afterAll(() => api?.stop());

  it('is refused while she is a member, to a member of lower role and to another workspace, appending nothing', async () => {
    expect(await whereFound(api, ['Forgetsome'])).toEqual(
      expect.arrayContaining(['members.name', 'timeline_entries.summary', 'timeline_entries.actor']),
    );
    await appendsNothing(async () => {
      const still = await api.gql(ERASE, { id: nadia.id }, ws.token);
      expect(still.errors?.[0].extensions).toEqual(
        expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'memberId' }),
      );
      expect(errorCode(await api.gql(ERASE, { id: nadia.id }, mo))).toBe('FORBIDDEN');
      expect(errorCode(await api.gql(ERASE, { id: nadia.id }, other.token))).toBe('NOT_FOUND');
      expect(errorCode(await api.gql(ERASE, { id: 'nobody' }, ws.token))).toBe('NOT_FOUND');
      expect(errorCode(await api.gql(ERASE, { id: nadia.id }))).toBe('UNAUTHENTICATED');
    });
  });

  it('after removeMember: no column of any table holds her name or email; the log verifies and the rebuild agrees', async () => {
    ok(await api.gql(REMOVE, { id: nadia.id }, ws.token));
    expect(ok(await api.gql(ERASE, { id: nadia.id }, ws.token)).eraseMember).toBe(true);
    expect(await whereFound(api, ['Forgetsome', 'Nadia', nadia.email])).toEqual([]);
    const summaries = (
      await sql(`SELECT summary FROM timeline_entries WHERE actor->>'id' = $1`, [nadia.id])
    ).map((row) => row.summary);
    expect(summaries.length).toBeGreaterThan(0);
    for (const summary of summaries) expect(summary).toMatch(/^Erased member /);
    const erased = await sql(`SELECT data FROM es_events WHERE type = 'MemberErased'`);
    expect(erased.map((row) => row.data)).toEqual([{ workspaceId: ws.workspaceId, memberId: nadia.id }]);
    const report = await verifyChains(api.db.owner);
    expect(report.ok).toBe(true);
    const rebuilt = await rebuildProjections(
      api.context.pool,
      api.context.store,
      new InlineProjectionRunner(inlineProjections),
      { verify: true },
    );
    expect(rebuilt.differences).toEqual([]);
    // Her session ended with the removal; a second erasure changes nothing.
    expect(ok(await api.gql(`{ viewer { __typename } }`, {}, nadiaSession)).viewer).toBeNull();
    await appendsNothing(async () => {
      expect(ok(await api.gql(ERASE, { id: nadia.id }, ws.token)).eraseMember).toBe(true);
    });
  });
});
