import { startApi, type RunningApi } from '../api.server';
import { createAppContext, type AppContext } from '../app-context';
import { parseConfig } from '../config';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface GraphQLResult<T = any> {
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; field?: string } }[];
}

export interface TestApi {
  url: string;
  db: TestDatabase;
  context: AppContext;
  /** POST /graphql as whoever the token belongs to (none: anonymous). */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResult<T>>;
  stop(): Promise<void>;
}

/** The real HTTP API on a free port, on a fresh database of its own. */
export async function startTestApi(env: Record<string, string> = {}, clock?: () => Date): Promise<TestApi> {
  const db = await createTestDatabase();
  const config = parseConfig({
    NODE_ENV: 'test',
    PORT: '4000',
    ...env,
    DATABASE_URL: db.url,
    DB_POOL_SIZE: '20',
  });
  const context = createAppContext(config, undefined, clock);
  const api: RunningApi = await startApi(context, 0);
  return {
    url: api.url,
    db,
    context,
    async gql(query, variables, token) {
      const response = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResult;
    },
    async stop() {
      await api.stop();
      await context.close();
      await db.drop();
    },
  };
}

export interface TestWorkspace {
  workspaceId: string;
  slug: string;
  ownerId: string;
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
