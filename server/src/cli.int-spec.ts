import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi } from './api.server';
import { createAppContext } from './app-context';
import { parseConfig } from './config';
import { createTestDatabase, type TestDatabase } from './test/test-database';
import { MemberRole } from './modules/workspaces/workspace.type';

const ROOT = join(__dirname, '..', '..');

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('cli', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  /** `node -r @swc-node/register server/src/cli.ts …` against the test database. */
  function cli(...args: string[]): Promise<CliRun> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['-r', '@swc-node/register', 'server/src/cli.ts', ...args], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: db.url },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  const createWorkspace = (flags: Record<string, string>) =>
    cli('create-workspace', ...Object.entries(flags).flatMap(([flag, value]) => [`--${flag}`, value]));

  const validFlags = (slug: string) => ({
    name: 'Acme Studio',
    slug,
    'owner-name': 'Ava Owner',
    'owner-email': 'ava@acme.test',
  });

  const sql = async (text: string, values: unknown[] = []) => (await db.owner.query(text, values)).rows;
  /** What create-workspace makes: workspaces, members, api_tokens rows and events. */
  const counts = async () =>
    (
      await sql(`SELECT (SELECT count(*) FROM workspaces)::int AS workspaces, (SELECT count(*) FROM members)::int AS members,
                        (SELECT count(*) FROM api_tokens)::int AS tokens, (SELECT count(*) FROM es_events)::int AS events`)
    )[0];

  let created: { workspaceId: string; slug: string; apiToken: string };

  it('create-workspace prints one JSON line {workspaceId, slug, apiToken} and exits 0', async () => {
    const run = await createWorkspace(validFlags('acme-studio'));
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.split('\n');
    expect(lines).toHaveLength(2); // one line and its newline
    expect(lines[1]).toBe('');
    created = JSON.parse(lines[0]);
    expect(Object.keys(created)).toEqual(['workspaceId', 'slug', 'apiToken']);
    expect(created).toEqual({
      workspaceId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      slug: 'acme-studio',
      apiToken: expect.stringMatching(/^cpt_/),
    });

    expect(await sql('SELECT name, slug FROM workspaces WHERE id = $1', [created.workspaceId])).toEqual([
      { name: 'Acme Studio', slug: 'acme-studio' },
    ]);
    expect(
      await sql('SELECT name, email FROM members WHERE workspace_id = $1', [created.workspaceId]),
    ).toEqual([{ name: 'Ava Owner', email: 'ava@acme.test' }]);
    // Only the token's SHA-256 is stored, and the token is in no event.
    expect(
      await sql(
        `SELECT name FROM api_tokens
         WHERE token_hash = sha256(convert_to($1, 'UTF8')) AND workspace_id = $2 AND revoked_at IS NULL`,
        [created.apiToken, created.workspaceId],
      ),
    ).toEqual([{ name: 'Owner token' }]);
    expect(
      await sql('SELECT count(*)::int AS n FROM es_events e WHERE strpos(e::text, $1) > 0', [
        created.apiToken,
      ]),
    ).toEqual([{ n: 0 }]);
    expect(
      await sql(
        `SELECT type, metadata->'actor' AS actor FROM es_events WHERE stream_id = $1 ORDER BY stream_position`,
        [`workspace-${created.workspaceId}`],
      ),
    ).toEqual([
      { type: 'WorkspaceCreated', actor: { kind: 'SYSTEM', id: null, name: 'Command line' } },
      { type: 'ApiTokenCreated', actor: { kind: 'SYSTEM', id: null, name: 'Command line' } },
    ]);
  });

  it('the printed token works against the API (which then writes a little of everything)', async () => {
    const s3Directory = mkdtempSync(join(tmpdir(), 'portal-test-s3-'));
    const context = createAppContext(
      parseConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, LOG_LEVEL: 'silent' }),
      undefined,
      undefined,
      { embeddedS3Directory: s3Directory },
    );
    const api = await startApi(context, 0);
    const gql = async (query: string, variables: Record<string, unknown> = {}) => {
      const response = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${created.apiToken}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: any; errors?: unknown[] };
      expect(body.errors).toBeUndefined();
      return body.data;
    };
    try {
      expect(
        await gql('{ viewer { ... on MemberViewer { member { name email } workspace { id slug } } } }'),
      ).toEqual({
        viewer: {
          member: { name: 'Ava Owner', email: 'ava@acme.test' },
          workspace: { id: created.workspaceId, slug: 'acme-studio' },
        },
      });

      // Something in every read model, for rebuild-projections --verify below.
      const client = (
        await gql(`mutation { createClient(input: { name: "Smith & Co", contacts: [
          { name: "Jane", email: "jane@smith.test" }, { name: "Bob", email: "bob@smith.test" }] }) { id contacts { id } } }`)
      ).createClient;
      const [jane, bob] = client.contacts;
      const { id: carolId } = (
        await gql(
          `mutation($c: ID!) { addContact(clientId: $c, input: { name: "Carol", email: "carol@smith.test" }) { id } }`,
          {
            c: client.id,
          },
        )
      ).addContact;
      await gql(
        `mutation($id: ID!) { changeContactEmail(contactId: $id, email: "Jane@Smith.test") { id } }`,
        { id: jane.id },
      );
      await gql(`mutation($id: ID!) { removeContact(contactId: $id) { id } }`, { id: bob.id });
      await gql(`mutation($id: ID!) { removeContact(contactId: $id) { id } }`, { id: carolId });
      await gql(`mutation($id: ID!) { renameClient(id: $id, name: "Smith & Sons") { id } }`, {
        id: client.id,
      });
      const { id: projectId } = (
        await gql(`mutation($c: ID!) { createProject(input: { clientId: $c, name: "Website" }) { id } }`, {
          c: client.id,
        })
      ).createProject;
      await gql(`mutation($id: ID!) { setProjectStatus(id: $id, status: COMPLETED) { id } }`, {
        id: projectId,
      });
      await gql(`mutation($id: ID!) { archiveClient(id: $id) { id } }`, { id: client.id });
      await gql(`mutation { updateBranding(input: { accentColor: "#ABCDEF", showYourBrand: true }) { id } }`);
      await gql(`mutation { setPortalEnabled(enabled: false) { id } }`);
      await gql(
        `mutation { updateTaskSettings(input: { visibility: ALL, clientsCanCreate: true, clientsCanEdit: true, clientsCanComment: false }) { id } }`,
      );
      const { apiToken } = (await gql(`mutation { createApiToken(name: "CI") { apiToken { id } } }`))
        .createApiToken;
      await gql(`mutation($id: ID!) { revokeApiToken(id: $id) }`, { id: apiToken.id });
    } finally {
      await api.stop();
      await context.close();
      rmSync(s3Directory, { recursive: true, force: true });
    }
  });

  it('a taken slug: exit 1 with a message naming the slug, and nothing created', async () => {
    const before = await counts();
    const run = await createWorkspace({ ...validFlags('acme-studio'), name: 'Other Studio' });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('acme-studio');
    expect(run.stderr).toMatch(/taken/);
    expect(await counts()).toEqual(before);
  });

  it.each(['Bad Slug', 'ab', 'a'.repeat(41), '-abc'])(
    'a malformed slug (%j): a non-zero exit naming `slug`, and nothing created',
    async (slug) => {
      const before = await counts();
      const run = await createWorkspace(validFlags(slug));
      expect(run.code).not.toBe(0);
      expect(run.code).not.toBeNull();
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/\bslug\b/);
      expect(await counts()).toEqual(before);
    },
  );

  it('a missing flag: exit 2 naming it, and nothing created', async () => {
    const before = await counts();
    const { 'owner-email': _omitted, ...withoutEmail } = validFlags('missing-email');
    const run = await createWorkspace(withoutEmail);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--owner-email');
    expect(run.stderr).not.toContain('--slug');
    expect(await counts()).toEqual(before);
  });

  describe('--help and usage', () => {
    const COMMANDS = [
      'migrate',
      'migration:create <name>',
      'create-workspace --name NAME --slug SLUG --owner-name NAME --owner-email EMAIL',
      'create-api-token --slug SLUG --email EMAIL [--name NAME]',
      'rebuild-projections [--verify]',
    ];

    it.each(['--help', '-h', ''])(
      '%j (empty: no command) prints every command with its flags and exits 0',
      async (arg) => {
        const run = await cli(...(arg ? [arg] : []));
        expect(run).toMatchObject({ code: 0, stderr: '' });
        for (const command of COMMANDS) expect(run.stdout).toContain(`  ${command}`);
      },
    );

    it('an unknown command exits 2 with the same usage', async () => {
      const help = await cli('--help');
      const run = await cli('frobnicate', '--now');
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`unknown command frobnicate\n\n${help.stdout}`);
    });

    it('an unknown flag exits 2 naming it', async () => {
      const run = await cli('create-api-token', '--slug', 'acme-studio', '--emial', 'ava@acme.test');
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("Unknown option '--emial'");
      expect(run.stderr).toContain('npm run cli -- --help');
    });
  });

  describe('create-api-token', () => {
    const createToken = (flags: Record<string, string>) =>
      cli('create-api-token', ...Object.entries(flags).flatMap(([flag, value]) => [`--${flag}`, value]));

    it('prints one JSON line {apiToken} for that member, a token that authenticates as them', async () => {
      const run = await createToken({ slug: 'acme-studio', email: 'AVA@acme.test', name: 'Laptop' });
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout.endsWith('\n')).toBe(true);
      const printed = JSON.parse(run.stdout);
      expect(Object.keys(printed)).toEqual(['apiToken']);
      expect(printed.apiToken).toMatch(/^cpt_/);
      expect(printed.apiToken).not.toBe(created.apiToken);
      expect(
        await sql(
          `SELECT t.name, m.email FROM api_tokens t JOIN members m ON m.id = t.member_id
           WHERE t.token_hash = sha256(convert_to($1, 'UTF8')) AND t.revoked_at IS NULL`,
          [printed.apiToken],
        ),
      ).toEqual([{ name: 'Laptop', email: 'ava@acme.test' }]);
      const context = createAppContext(
        parseConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, LOG_LEVEL: 'silent' }),
      );
      try {
        const viewer = await context.services.apiTokens.authenticate(printed.apiToken);
        expect(viewer).toMatchObject({
          kind: 'MEMBER',
          email: 'ava@acme.test',
          workspaceId: created.workspaceId,
        });
      } finally {
        await context.close();
      }
    });

    it('makes one for any member of the workspace, and none for a removed member', async () => {
      const context = createAppContext(
        parseConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, LOG_LEVEL: 'silent' }),
      );
      try {
        const owner = (await context.services.apiTokens.authenticate(created.apiToken))!;
        const team = context.services.team;
        const mia = await team.invite(
          owner,
          { name: 'Mia Member', email: 'mia@acme.test', role: MemberRole.MEMBER },
          'cli-test',
        );
        const rue = await team.invite(
          owner,
          { name: 'Rue Gone', email: 'rue@acme.test', role: MemberRole.MEMBER },
          'cli-test',
        );
        await team.remove(owner, rue.id, 'cli-test');
        const forMia = await createToken({ slug: 'acme-studio', email: 'mia@acme.test' });
        expect(forMia.code).toBe(0);
        const viewer = await context.services.apiTokens.authenticate(JSON.parse(forMia.stdout).apiToken);
        expect(viewer).toMatchObject({ memberId: mia.id, role: 'MEMBER' });
        const before = await counts();
        const forRue = await createToken({ slug: 'acme-studio', email: 'rue@acme.test' });
        expect(forRue).toMatchObject({
          code: 1,
          stderr: 'no member of acme-studio has the email rue@acme.test\n',
        });
        expect(await counts()).toEqual(before);
      } finally {
        await context.close();
      }
    });

    it('names the token "Command line" without --name', async () => {
      const run = await createToken({ slug: 'acme-studio', email: 'ava@acme.test' });
      expect(run.code).toBe(0);
      const { apiToken } = JSON.parse(run.stdout);
      expect(
        await sql(`SELECT name FROM api_tokens WHERE token_hash = sha256(convert_to($1, 'UTF8'))`, [
          apiToken,
        ]),
      ).toEqual([{ name: 'Command line' }]);
    });

    it.each([
      [{ slug: 'no-such-studio', email: 'ava@acme.test' }, 'no workspace has the slug no-such-studio'],
      [
        { slug: 'acme-studio', email: 'bob@acme.test' },
        'no member of acme-studio has the email bob@acme.test',
      ],
    ])('%j: exit 1 with a sentence, and no token made', async (flags, sentence) => {
      const before = await counts();
      const run = await createToken(flags);
      expect(run).toMatchObject({ code: 1, stdout: '', stderr: `${sentence}\n` });
      expect(await counts()).toEqual(before);
    });

    it.each([
      [{ slug: 'acme-studio' }, '--email'],
      [{ email: 'ava@acme.test' }, '--slug'],
      [{}, '--slug, --email'],
    ])('%j: exit 2 naming the missing flag', async (flags, named) => {
      const run = await createToken(flags);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`create-api-token needs ${named}`);
    });
  });

  it('rebuild-projections --verify on that database: exit 0, the read models equal the log', async () => {
    expect((await counts()).workspaces).toBe(1);
    const run = await cli('rebuild-projections', '--verify');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('read models equal the log');
    expect(run.stdout).not.toContain('DIFFERENT');
  });
});
