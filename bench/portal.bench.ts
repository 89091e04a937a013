import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { startApi } from '../server/src/api.server';
import { createAppContext } from '../server/src/app-context';
import { parseConfig } from '../server/src/config';
import { SendGridDouble } from '../server/src/test/sendgrid.double';
import { startWorker } from '../server/src/worker.server';

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

export interface PortalFigures {
  signIn: { samples: number; p50: number; p99: number; max: number };
  overview: { rps: number; p99: number };
  trivial: { rps: number; p99: number };
  connections: number;
}

const OVERVIEW = `query($id: ID!) { project(id: $id) { id name status
  timeline(first: 20) { edges { cursor node { id occurredAt type summary actor { kind name } } } pageInfo { hasNextPage endCursor } }
  documents { id kind name url sharedAt } invoices { id number status total amountDue dueDate overdue }
  tasks { id title status assignee { name } comments { id body } } } }`;

/** Load from a separate process (bench/load.process.ts), so the server keeps its event loop to itself. */
async function load(url: string, body: string, cookie: string, connections: number, seconds: number) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '-r',
      '@swc-node/register',
      join(__dirname, 'load.process.ts'),
      url,
      body,
      cookie,
      String(connections),
      String(seconds),
    ],
    { cwd: join(__dirname, '..') },
  );
  return JSON.parse(stdout) as { rps: number; p99: number };
}

/**
 * The portal's two paths that people feel: from requestLoginLink to the call
 * to SendGrid (through the log, the dispatcher, BullMQ and the worker, all
 * real, SendGrid a local double), and a contact's project overview under 32
 * connections beside a trivial query on the same server.
 */
export async function benchPortal(
  databaseUrl: string,
  seconds: number,
  log: (line: string) => void,
): Promise<PortalFigures> {
  const sendgrid = await SendGridDouble.start();
  const config = parseConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    PORT: '4000',
    DATABASE_URL: databaseUrl,
    DB_POOL_SIZE: '20',
    REDIS_PREFIX: `bench-${Date.now().toString(36)}`,
    SENDGRID_API_KEY: 'bench-key',
    SENDGRID_API_URL: sendgrid.url,
  });
  const context = createAppContext(config);
  const api = await startApi(context, 0);
  const worker = startWorker(context, { runner: { idleMs: 50 } });
  const gql = async (
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { response, json: (await response.json()) as { data: any; errors?: unknown } };
  };
  try {
    const created = await context.services.workspaces.createWorkspace(
      {
        name: 'Bench Studio',
        slug: 'bench-studio',
        ownerName: 'Bench Owner',
        ownerEmail: 'owner@bench.test',
      },
      { kind: 'SYSTEM', id: null, name: 'Bench' },
      'bench',
    );
    const member = { authorization: `Bearer ${created.apiToken}` };
    // 200 contacts over two clients (a client has at most 100), one sign-in request each.
    const contacts = Array.from({ length: 200 }, (_, i) => ({
      name: `Contact ${i}`,
      email: `c${i}@bench.test`,
    }));
    let clientId = '';
    for (const half of [contacts.slice(0, 100), contacts.slice(100)]) {
      const { json } = await gql(
        `mutation($c: [ContactInput!]!) { createClient(input: { name: "Bench Co", contacts: $c }) { id } }`,
        { c: half },
        member,
      );
      if (!json.data) throw new Error(`createClient failed: ${JSON.stringify(json.errors)}`);
      clientId ||= json.data.createClient.id;
    }
    const { json: project } = await gql(
      `mutation($c: ID!) { createProject(input: { clientId: $c, name: "Overview" }) { id } }`,
      { c: clientId },
      member,
    );
    const projectId = project.data.createProject.id;
    await gql(
      `mutation { updateTaskSettings(input: { visibility: ALL, clientsCanCreate: true, clientsCanEdit: true, clientsCanComment: true }) { id } }`,
      {},
      member,
    );
    for (let i = 0; i < 30; i++)
      await gql(
        `mutation($id: ID!, $n: String!) { renameProject(id: $id, name: $n) { id } }`,
        { id: projectId, n: `Overview ${i}` },
        member,
      );
    for (let i = 0; i < 5; i++) {
      await gql(
        `mutation($p: ID!, $t: String!) { shareLink(projectId: $p, title: $t, url: "https://example.test/doc") { id } }`,
        { p: projectId, t: `Doc ${i}` },
        member,
      );
      const { json: task } = await gql(
        `mutation($p: ID!, $t: String!) { createTask(input: { projectId: $p, title: $t }) { id } }`,
        { p: projectId, t: `Task ${i}` },
        member,
      );
      await gql(
        `mutation($t: ID!) { commentOnTask(taskId: $t, body: "Looks good") { id } }`,
        { t: task.data.createTask.id },
        member,
      );
      const { json: invoice } = await gql(
        `mutation($p: ID!) { createInvoice(input: { projectId: $p, currency: "USD", lineItems: [{ description: "Work", quantity: 3, unitAmount: 12500 }] }) { id } }`,
        { p: projectId },
        member,
      );
      await gql(
        `mutation($id: ID!) { sendInvoice(id: $id) { id } }`,
        { id: invoice.data.createInvoice.id },
        member,
      );
    }

    log('200 sign-in requests, each timed to its SendGrid call…');
    const latencies: number[] = [];
    for (let i = 0; i < 200; i++) {
      const started = performance.now();
      const before = sendgrid.requests.length;
      await gql(
        `mutation($s: String!, $e: String!) { requestLoginLink(slug: $s, email: $e) }`,
        { s: 'bench-studio', e: contacts[i].email },
        { 'x-forwarded-for': `203.0.113.${i % 250}` },
      );
      const [request] = (await sendgrid.waitForRequests(before + 1, 10_000)).slice(before);
      latencies.push(request.receivedAt - (performance.timeOrigin + started));
    }
    latencies.sort((a, b) => a - b);

    const token = /token=([\w-]+)/.exec(JSON.stringify(sendgrid.requests[0].body))![1];
    const { response } = await gql(
      `mutation($t: String!) { signInWithLoginLink(token: $t) { contact { id } } }`,
      { t: token },
    );
    const cookie = response.headers.get('set-cookie')!.split(';')[0];
    const connections = 32;
    log(`a contact's project overview and { __typename }, ${connections} connections, ${seconds} s each…`);
    const trivial = await load(
      `${api.url}/graphql`,
      JSON.stringify({ query: '{ __typename }' }),
      cookie,
      connections,
      seconds,
    );
    const overview = await load(
      `${api.url}/graphql`,
      JSON.stringify({ query: OVERVIEW, variables: { id: projectId } }),
      cookie,
      connections,
      seconds,
    );
    return {
      signIn: {
        samples: latencies.length,
        p50: percentile(latencies, 0.5),
        p99: percentile(latencies, 0.99),
        max: latencies[latencies.length - 1],
      },
      overview,
      trivial,
      connections,
    };
  } finally {
    await worker.stop();
    await api.stop();
    await context.emailQueue.obliterate({ force: true }).catch(() => undefined);
    await context.close();
    await sendgrid.stop();
  }
}
