import { eventLogProbe } from '../../test/event-log.probe';
import { createHash } from 'node:crypto';
import {
  createTestWorkspace,
  errorCode,
  ok,
  startTestApi,
  type GraphQLResult,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';

const PUBLIC_URL = 'https://portal.example.test';

const WORKSPACE_FIELDS = `id name slug portalEnabled portalUrl
  branding { companyName logoUrl backgroundImageUrl accentColor showYourBrand }
  taskSettings { visibility clientsCanCreate clientsCanEdit clientsCanComment }`;
const VIEWER = `{ viewer { __typename ... on MemberViewer { member { id name email } workspace { ${WORKSPACE_FIELDS} } } } }`;
const UPDATE_BRANDING = `mutation($input: BrandingInput!) { updateBranding(input: $input) { ${WORKSPACE_FIELDS} } }`;
const SET_PORTAL_ENABLED = `mutation($enabled: Boolean!) { setPortalEnabled(enabled: $enabled) { portalEnabled } }`;
const UPDATE_TASK_SETTINGS = `mutation($input: TaskPortalSettingsInput!) { updateTaskSettings(input: $input) {
  taskSettings { visibility clientsCanCreate clientsCanEdit clientsCanComment } } }`;
const CREATE_API_TOKEN = `mutation($name: String!) { createApiToken(name: $name) { token apiToken { id name createdAt lastUsedAt } } }`;
const REVOKE_API_TOKEN = `mutation($id: ID!) { revokeApiToken(id: $id) }`;
/** Any members-only query: a token that does not work is UNAUTHENTICATED here. */
const MEMBERS_ONLY = `{ clients { id } }`;

const DEFAULT_TASK_SETTINGS = {
  visibility: 'OFF',
  clientsCanCreate: false,
  clientsCanEdit: false,
  clientsCanComment: false,
};

/** An event as the `events` query gives it, its data parsed. */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

describe('workspaces and API tokens', () => {
  let api: TestApi;
  /** The API's clock is real time plus this much, so a test can let a minute pass. */
  let clockOffsetMs = 0;

  beforeAll(async () => {
    api = await startTestApi({ PUBLIC_URL }, () => new Date(Date.now() + clockOffsetMs));
  });
  afterAll(() => api.stop());

  const { sql, appendsNothing, streamEvents } = eventLogProbe(
    () => api,
    () => '',
  );
  const events = (ws: TestWorkspace) => streamEvents(`workspace-${ws.workspaceId}`, ws.token);
  const lastEvent = async (ws: TestWorkspace) => (await events(ws)).at(-1);

  const ownerActor = (ws: TestWorkspace) => ({ kind: 'MEMBER', id: ws.ownerId, name: 'Ava Owner' });
  const refusal = (result: GraphQLResult) => result.errors?.[0]?.extensions;
  const badInput = (field: string) => ({ code: 'BAD_USER_INPUT', field });

  describe('viewer', () => {
    it('is the MemberViewer: member, workspace, portal URL, default branding and task settings', async () => {
      const ws = await createTestWorkspace(api);
      const [row] = await sql('SELECT name FROM workspaces WHERE id = $1', [ws.workspaceId]);
      const viewer = ok(await api.gql(VIEWER, {}, ws.token)).viewer;
      expect(viewer).toEqual({
        __typename: 'MemberViewer',
        member: {
          id: ws.ownerId,
          name: 'Ava Owner',
          email: expect.stringMatching(/^owner\d+@studio\.test$/),
        },
        workspace: {
          id: ws.workspaceId,
          name: row.name,
          slug: ws.slug,
          portalEnabled: true,
          portalUrl: `${PUBLIC_URL}/p/${ws.slug}/login`,
          branding: {
            companyName: row.name,
            logoUrl: null,
            backgroundImageUrl: null,
            accentColor: '#3355ff',
            showYourBrand: false,
          },
          taskSettings: DEFAULT_TASK_SETTINGS,
        },
      });
    });

    it('is null for an anonymous request or an unknown token', async () => {
      expect(ok(await api.gql(VIEWER)).viewer).toBeNull();
      expect(ok(await api.gql(VIEWER, {}, 'cpt_not-a-real-token')).viewer).toBeNull();
      expect(errorCode(await api.gql(MEMBERS_ONLY, {}, 'cpt_not-a-real-token'))).toBe('UNAUTHENTICATED');
    });
  });

  describe('updateBranding', () => {
    let ws: TestWorkspace;
    let workspaceName: string;
    const branding = async () => ok(await api.gql(VIEWER, {}, ws.token)).viewer.workspace.branding;
    const update = (input: Record<string, unknown>) => api.gql(UPDATE_BRANDING, { input }, ws.token);

    beforeAll(async () => {
      ws = await createTestWorkspace(api);
      workspaceName = (await sql('SELECT name FROM workspaces WHERE id = $1', [ws.workspaceId]))[0].name;
    });

    it('a partial input changes only what it names; #ABCDEF is stored in lower case', async () => {
      const colour = ok(await update({ accentColor: '#ABCDEF' })).updateBranding.branding;
      expect(colour).toMatchObject({
        companyName: workspaceName,
        accentColor: '#abcdef',
        showYourBrand: false,
      });
      expect(await lastEvent(ws)).toEqual({
        type: 'BrandingUpdated',
        data: {
          workspaceId: ws.workspaceId,
          branding: { companyName: workspaceName, accentColor: '#abcdef', showYourBrand: false },
        },
        actor: ownerActor(ws),
      });
      expect(
        await sql('SELECT company_name, accent_color, show_your_brand FROM workspaces WHERE id = $1', [
          ws.workspaceId,
        ]),
      ).toEqual([{ company_name: workspaceName, accent_color: '#abcdef', show_your_brand: false }]);

      ok(await update({ showYourBrand: true }));
      expect(await branding()).toMatchObject({
        companyName: workspaceName,
        accentColor: '#abcdef',
        showYourBrand: true,
      });

      ok(await update({ companyName: '  Acme Studio  ' }));
      expect(await branding()).toEqual({
        companyName: 'Acme Studio',
        logoUrl: null,
        backgroundImageUrl: null,
        accentColor: '#abcdef',
        showYourBrand: true,
      });
      expect((await lastEvent(ws))?.data.branding).toEqual({
        companyName: 'Acme Studio',
        accentColor: '#abcdef',
        showYourBrand: true,
      });
      // The workspace's own name is not the company name.
      expect(ok(await api.gql(VIEWER, {}, ws.token)).viewer.workspace.name).toBe(workspaceName);
    });

    it('the same values again (in any letter case, or nothing at all) append nothing', async () => {
      ok(await update({ companyName: 'Same Co', accentColor: '#123abc', showYourBrand: false }));
      await appendsNothing(async () => {
        ok(await update({ companyName: 'Same Co', accentColor: '#123abc', showYourBrand: false }));
        ok(await update({ accentColor: '#123ABC' }));
        ok(await update({ companyName: ' Same Co ' }));
        ok(await update({}));
        ok(await update({ companyName: null, accentColor: null, showYourBrand: null }));
      });
    });

    it('refuses a colour that is not #rrggbb and an empty company name, naming the field', async () => {
      const before = await branding();
      await appendsNothing(async () => {
        expect(refusal(await update({ accentColor: 'red' }))).toEqual(badInput('input.accentColor'));
        expect(refusal(await update({ accentColor: '#12345' }))).toEqual(badInput('input.accentColor'));
        expect(refusal(await update({ accentColor: '#1234567' }))).toEqual(badInput('input.accentColor'));
        expect(refusal(await update({ companyName: '' }))).toEqual(badInput('input.companyName'));
        expect(refusal(await update({ companyName: '   ' }))).toEqual(badInput('input.companyName'));
        expect(refusal(await update({ companyName: 'x'.repeat(201) }))).toEqual(
          badInput('input.companyName'),
        );
        // A bad field refuses the whole input: the valid part is not applied either.
        expect(refusal(await update({ showYourBrand: !before.showYourBrand, accentColor: 'red' }))).toEqual(
          badInput('input.accentColor'),
        );
      });
      expect(await branding()).toEqual(before);
    });
  });

  describe('setPortalEnabled and updateTaskSettings', () => {
    let ws: TestWorkspace;
    beforeAll(async () => {
      ws = await createTestWorkspace(api);
    });

    it('setPortalEnabled: PortalEnabledChanged; the same value appends nothing', async () => {
      await appendsNothing(async () =>
        expect(ok(await api.gql(SET_PORTAL_ENABLED, { enabled: true }, ws.token)).setPortalEnabled).toEqual({
          portalEnabled: true,
        }),
      );
      expect(ok(await api.gql(SET_PORTAL_ENABLED, { enabled: false }, ws.token)).setPortalEnabled).toEqual({
        portalEnabled: false,
      });
      expect(await lastEvent(ws)).toEqual({
        type: 'PortalEnabledChanged',
        data: { workspaceId: ws.workspaceId, enabled: false },
        actor: ownerActor(ws),
      });
      expect(await sql('SELECT portal_enabled FROM workspaces WHERE id = $1', [ws.workspaceId])).toEqual([
        { portal_enabled: false },
      ]);
      await appendsNothing(async () => ok(await api.gql(SET_PORTAL_ENABLED, { enabled: false }, ws.token)));
      expect(ok(await api.gql(VIEWER, {}, ws.token)).viewer.workspace.portalEnabled).toBe(false);
    });

    it('updateTaskSettings: TaskSettingsUpdated; the same settings append nothing', async () => {
      const settings = {
        visibility: 'ASSIGNED',
        clientsCanCreate: true,
        clientsCanEdit: false,
        clientsCanComment: true,
      };
      const updated = ok(
        await api.gql(UPDATE_TASK_SETTINGS, { input: settings }, ws.token),
      ).updateTaskSettings;
      expect(updated.taskSettings).toEqual(settings);
      expect(await lastEvent(ws)).toEqual({
        type: 'TaskSettingsUpdated',
        data: { workspaceId: ws.workspaceId, taskSettings: settings },
        actor: ownerActor(ws),
      });
      expect(
        await sql(
          `SELECT task_visibility, clients_can_create, clients_can_edit, clients_can_comment FROM workspaces WHERE id = $1`,
          [ws.workspaceId],
        ),
      ).toEqual([
        {
          task_visibility: 'ASSIGNED',
          clients_can_create: true,
          clients_can_edit: false,
          clients_can_comment: true,
        },
      ]);
      expect(ok(await api.gql(VIEWER, {}, ws.token)).viewer.workspace.taskSettings).toEqual(settings);
      await appendsNothing(async () =>
        ok(await api.gql(UPDATE_TASK_SETTINGS, { input: settings }, ws.token)),
      );
      expect(
        errorCode(
          await api.gql(UPDATE_TASK_SETTINGS, { input: { ...settings, visibility: 'SOME' } }, ws.token),
        ),
      ).toBe('BAD_USER_INPUT');
    });
  });

  describe('API tokens', () => {
    let ws: TestWorkspace;
    beforeAll(async () => {
      ws = await createTestWorkspace(api);
    });

    const createToken = async (name: string) =>
      ok(await api.gql(CREATE_API_TOKEN, { name }, ws.token)).createApiToken as {
        token: string;
        apiToken: { id: string; name: string; createdAt: string; lastUsedAt: string | null };
      };
    const tokenRow = async (id: string) =>
      (await sql('SELECT token_hash, last_used_at, revoked_at FROM api_tokens WHERE id = $1', [id]))[0];

    it('createApiToken: the token is shown once and only its hash is stored', async () => {
      const { token, apiToken } = await createToken('  Deploy bot  ');
      expect(token).toMatch(/^cpt_[A-Za-z0-9_-]{43}$/);
      expect(apiToken).toEqual({
        id: expect.any(String),
        name: 'Deploy bot',
        createdAt: expect.any(String),
        lastUsedAt: null,
      });

      expect(await lastEvent(ws)).toEqual({
        type: 'ApiTokenCreated',
        data: { workspaceId: ws.workspaceId, tokenId: apiToken.id, memberId: ws.ownerId, name: 'Deploy bot' },
        actor: ownerActor(ws),
      });

      const row = await tokenRow(apiToken.id);
      expect(row.token_hash).toHaveLength(32);
      expect(row.token_hash.equals(sha256(token))).toBe(true);
      expect(row.token_hash.toString('utf8')).not.toContain(token);
      // Neither the token nor its secret part is anywhere in the log or in api_tokens as text.
      const secret = token.slice('cpt_'.length);
      for (const needle of [token, secret]) {
        expect(
          await sql('SELECT count(*)::int AS n FROM es_events e WHERE strpos(e::text, $1) > 0', [needle]),
        ).toEqual([{ n: 0 }]);
        expect(
          await sql('SELECT count(*)::int AS n FROM api_tokens t WHERE strpos(t::text, $1) > 0', [needle]),
        ).toEqual([{ n: 0 }]);
      }
      // The owner's first token (made with the workspace) is not in the log either.
      expect(
        await sql('SELECT count(*)::int AS n FROM es_events e WHERE strpos(e::text, $1) > 0', [ws.token]),
      ).toEqual([{ n: 0 }]);
    });

    it('the new token works as Bearer, for the same member', async () => {
      const { token } = await createToken('Second');
      expect(ok(await api.gql(VIEWER, {}, token)).viewer.member.id).toBe(ws.ownerId);
      expect(ok(await api.gql(MEMBERS_ONLY, {}, token)).clients).toEqual([]);
    });

    it('lastUsedAt is written on use, but at most once a minute per token', async () => {
      const { token, apiToken } = await createToken('Busy');
      expect((await tokenRow(apiToken.id)).last_used_at).toBeNull();

      const firstRequestAt = Date.now();
      ok(await api.gql(VIEWER, {}, token));
      const secondRequestAt = Date.now();
      for (let i = 0; i < 4; i++) ok(await api.gql(VIEWER, {}, token));

      // The write does not hold up the request: wait for it, then for any later (wrong) writes.
      const written = await waitFor(async () => (await tokenRow(apiToken.id)).last_used_at);
      await sleep(300);
      const lastUsedAt: Date = (await tokenRow(apiToken.id)).last_used_at;
      // Written once, by the first of the five requests (the clock is the API's; the offset is 0 here).
      expect(lastUsedAt).toEqual(written);
      expect(lastUsedAt.getTime()).toBeGreaterThanOrEqual(firstRequestAt);
      expect(lastUsedAt.getTime()).toBeLessThanOrEqual(secondRequestAt);

      // A minute later, a use is written again.
      clockOffsetMs = 61_000;
      try {
        ok(await api.gql(VIEWER, {}, token));
        const rewritten = await waitFor(async () => {
          const value: Date = (await tokenRow(apiToken.id)).last_used_at;
          return value.getTime() !== lastUsedAt.getTime() ? value : null;
        });
        expect(rewritten.getTime() - lastUsedAt.getTime()).toBeGreaterThanOrEqual(61_000);
      } finally {
        clockOffsetMs = 0;
      }
    });

    it('revokeApiToken: true, ApiTokenRevoked, and the token is UNAUTHENTICATED at once', async () => {
      const { token, apiToken } = await createToken('Short-lived');
      ok(await api.gql(MEMBERS_ONLY, {}, token));
      expect(ok(await api.gql(REVOKE_API_TOKEN, { id: apiToken.id }, ws.token)).revokeApiToken).toBe(true);

      const refused = await api.gql(MEMBERS_ONLY, {}, token);
      expect(errorCode(refused)).toBe('UNAUTHENTICATED');
      expect(ok(await api.gql(VIEWER, {}, token)).viewer).toBeNull();

      expect(await lastEvent(ws)).toEqual({
        type: 'ApiTokenRevoked',
        data: { workspaceId: ws.workspaceId, tokenId: apiToken.id },
        actor: ownerActor(ws),
      });
      expect((await tokenRow(apiToken.id)).revoked_at).toBeInstanceOf(Date);
      // The token that revoked it still works.
      ok(await api.gql(MEMBERS_ONLY, {}, ws.token));
    });

    it('a token can revoke itself', async () => {
      const { token, apiToken } = await createToken('Self');
      expect(ok(await api.gql(REVOKE_API_TOKEN, { id: apiToken.id }, token)).revokeApiToken).toBe(true);
      expect(errorCode(await api.gql(MEMBERS_ONLY, {}, token))).toBe('UNAUTHENTICATED');
    });

    it('revoking an unknown, already revoked or foreign token is NOT_FOUND, appending nothing', async () => {
      const { apiToken } = await createToken('Revoked once');
      ok(await api.gql(REVOKE_API_TOKEN, { id: apiToken.id }, ws.token));
      const foreign = await createTestWorkspace(api, 'Olga Other');
      const foreignTokenId = (
        await sql('SELECT id FROM api_tokens WHERE workspace_id = $1', [foreign.workspaceId])
      )[0].id;

      await appendsNothing(async () => {
        for (const id of [
          apiToken.id,
          '6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f',
          'not-a-uuid',
          foreignTokenId,
        ]) {
          expect(errorCode(await api.gql(REVOKE_API_TOKEN, { id }, ws.token))).toBe('NOT_FOUND');
        }
      });
      // The other workspace's token is untouched.
      ok(await api.gql(MEMBERS_ONLY, {}, foreign.token));
    });

    it('an empty (or too long) token name is BAD_USER_INPUT naming `name`, and nothing is stored', async () => {
      const tokensBefore = await sql('SELECT count(*)::int AS n FROM api_tokens');
      await appendsNothing(async () => {
        for (const name of ['', '   ', 'x'.repeat(201)]) {
          const result = await api.gql(CREATE_API_TOKEN, { name }, ws.token);
          expect(result.data ?? null).toBeNull();
          expect(refusal(result)).toEqual(badInput('name'));
        }
      });
      expect(await sql('SELECT count(*)::int AS n FROM api_tokens')).toEqual(tokensBefore);
    });

    it('members-only mutations without a token are UNAUTHENTICATED', async () => {
      await appendsNothing(async () => {
        expect(errorCode(await api.gql(CREATE_API_TOKEN, { name: 'Anon' }))).toBe('UNAUTHENTICATED');
        expect(errorCode(await api.gql(UPDATE_BRANDING, { input: { accentColor: '#000000' } }))).toBe(
          'UNAUTHENTICATED',
        );
      });
    });
  });
});

/** Polls until fn gives a non-null value (at most 5 s). */
async function waitFor<T>(fn: () => Promise<T | null | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const value = await fn();
    if (value !== null && value !== undefined) return value;
    await sleep(50);
  }
  throw new Error('waited 5 s in vain');
}
