import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { startApi, type RunningApi } from '../api.server';
import { createAppContext, type AppContext } from '../app-context';
import { parseConfig } from '../config';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface GraphQLResult<T = any> {
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; field?: string } }[];
}

/** A member's API token, or a contact's session cookie ("portal_session=…"). */
export type Caller = string | { cookie: string };

let callers = 0;

/** Each request from a test seems to come from its own address (TEST-NET-3), so the per-IP rate limit counts only where a test means it to. */
function headersFor(as: Caller | undefined): Record<string, string> {
  const n = ++callers;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-forwarded-for': `203.0.113.${n % 256}`,
  };
  if (typeof as === 'string') headers.authorization = `Bearer ${as}`;
  else if (as) headers.cookie = as.cookie;
  return headers;
}

export interface TestApi {
  url: string;
  db: TestDatabase;
  context: AppContext;
  /** POST /graphql as whoever the token (a member) or the session cookie (a contact) belongs to; none: anonymous. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, as?: Caller): Promise<GraphQLResult<T>>;
  /** The same, with the raw HTTP response (for Set-Cookie). */
  post(query: string, variables?: Record<string, unknown>, as?: Caller): Promise<Response>;
  stop(): Promise<void>;
}

export interface TestApiOptions {
  /** The API's logger (default: silent in tests), for a test that reads what it logs. */
  logger?: Logger;
}

/** The real HTTP API on a free port (or the one given), on a fresh database of its own. */
export async function startTestApi(
  env: Record<string, string> = {},
  clock?: () => Date,
  port = 0,
  options: TestApiOptions = {},
): Promise<TestApi> {
  const db = await createTestDatabase();
  const config = parseConfig({
    NODE_ENV: 'test',
    PORT: '4000',
    // Rate limits and queues of this API alone, whatever else shares the Redis.
    REDIS_PREFIX: `test-${randomBytes(6).toString('hex')}`,
    // Quiet even in production mode (a test reads logs through options.logger); LOG_LEVEL shows them.
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ...env,
    DATABASE_URL: db.url,
    DB_POOL_SIZE: '20',
  });
  // The embedded S3 server (no S3_ENDPOINT) keeps this API's files in a directory of its own.
  const s3Directory = mkdtempSync(join(tmpdir(), 'portal-test-s3-'));
  const context = createAppContext(config, options.logger, clock, { embeddedS3Directory: s3Directory });
  const api: RunningApi = await startApi(context, port);
  const post = (query: string, variables?: Record<string, unknown>, as?: Caller) =>
    fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: headersFor(as),
      body: JSON.stringify({ query, variables }),
    });
  return {
    url: api.url,
    db,
    context,
    post,
    async gql(query, variables, as) {
      return (await (await post(query, variables, as)).json()) as GraphQLResult;
    },
    async stop() {
      await api.stop();
      await context.close();
      await db.drop();
      rmSync(s3Directory, { recursive: true, force: true });
    },
  };
}

export interface TestWorkspace {
  workspaceId: string;
  slug: string;
  ownerId: string;
  ownerEmail: string;
  token: string;
}

let workspaces = 0;

/** A workspace and its owner's API token, made the way the CLI makes them. */
export async function createTestWorkspace(api: TestApi, name = 'Ava Owner'): Promise<TestWorkspace> {
  const n = ++workspaces;
  const created = await api.context.services.workspaces.createWorkspace(
    {
      name: `Studio ${n}`,
      slug: `studio-${n}-${process.pid}`,
      ownerName: name,
      ownerEmail: `owner${n}@studio.test`,
    },
    { kind: 'SYSTEM', id: null, name: 'Test' },
    `test-${n}`,
  );
  return {
    workspaceId: created.workspaceId,
    slug: created.slug,
    ownerId: created.ownerId,
    ownerEmail: `owner${n}@studio.test`,
    token: created.apiToken,
  };
}

/** The data of a result that must have succeeded. */
export function ok<T>(result: GraphQLResult<T>): T {
  if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data!;
}

export function errorCode(result: GraphQLResult): string | undefined {
  return result.errors?.[0]?.extensions?.code;
}

/** The raw token of the newest sign-in link sent to an email (read from the outbox, as the email job would). */
export async function latestSignInToken(api: TestApi, email: string): Promise<string | null> {
  const { rows } = await api.db.owner.query(
    `SELECT o.payload->>'token' AS token FROM email_outbox o
     JOIN es_events e ON e.event_id = o.event_id
     JOIN contacts c ON c.id = (e.data->>'contactId')::uuid
     WHERE lower(c.email) = lower($1) ORDER BY e.global_position DESC LIMIT 1`,
    [email],
  );
  return rows[0]?.token ?? null;
}

/** Signs a contact in the way the portal does: request a link, use its token, keep the session cookie. */
export async function signInAsContact(
  api: TestApi,
  slug: string,
  email: string,
): Promise<{ cookie: string }> {
  ok(
    await api.gql('mutation($s: String!, $e: String!) { requestLoginLink(slug: $s, email: $e) }', {
      s: slug,
      e: email,
    }),
  );
  const token = await latestSignInToken(api, email);
  if (!token) throw new Error(`no sign-in link was made for ${email}`);
  const response = await api.post(
    'mutation($t: String!) { signInWithLoginLink(token: $t) { contact { id } } }',
    { t: token },
  );
  ok((await response.json()) as GraphQLResult);
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('signInWithLoginLink set no cookie');
  return { cookie };
}
