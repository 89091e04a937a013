import { performance } from 'node:perf_hooks';
import { startApi } from '../server/src/api.server';
import { createAppContext } from '../server/src/app-context';
import { parseConfig } from '../server/src/config';
import { SendGridDouble } from '../server/src/test/sendgrid.double';
import { startWorker } from '../server/src/worker.server';
import { interleaved, LoadGenerator, type LoadResult } from './load.generator';

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

export interface PortalFigures {
  signIn: { samples: number; p50: number; p99: number; max: number };
  overview: LoadResult;
  trivial: LoadResult;
  connections: number;
}

const OVERVIEW = `query($id: ID!) { project(id: $id) { id name status
  timeline(first: 20) { edges { cursor node { id occurredAt type summary actor { kind name } } } pageInfo { hasNextPage endCursor } }
  documents { id kind name url sharedAt } invoices { id number status total amountDue dueDate overdue }
  tasks { id title status assignee { name } comments { id body } } } }`;

/**
 * The portal's two paths that people feel: from requestLoginLink to the call
 * to SendGrid (through the log, the dispatcher, BullMQ and the worker, all
 * real, SendGrid a local double), and a contact's project overview under 32
 * connections beside a trivial query on the same server.
 */
export async function benchPortal(
  databaseUrl: string,
  seconds: number,
  slices: number,
  log: (line: string) => void,
  figure: (line: string) => void,
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
    // GRAPHQL_EXECUTOR=graphql-js npm run bench: the same figures without graphql-jit.
    GRAPHQL_EXECUTOR: process.env.GRAPHQL_EXECUTOR,
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

    // The 5 invoices just sent email the first client's 100 contacts: let those 500 go out first, so
    // that the sign-in emails are timed on their own, not behind them.
    log('waiting for the 500 invoice emails to go out…');
    await sendgrid.waitForRequests(500, 120_000);
    /** The sign-in email to `email` (an invoice email is not one: it holds no /auth?token= link). */
    const signInTo = (email: string, after: number) =>
      sendgrid.requests
        .slice(after)
        .find(
          (request) =>
            request.path === '/v3/mail/send' &&
            request.body?.personalizations?.[0]?.to?.[0]?.email === email &&
            JSON.stringify(request.body).includes('/auth?token='),
        );

    log('200 sign-in requests, each timed to its own SendGrid call…');
    const latencies: number[] = [];
    let token = '';
    for (let i = 0; i < 200; i++) {
      const started = performance.now();
      const before = sendgrid.requests.length;
      await gql(
        `mutation($s: String!, $e: String!) { requestLoginLink(slug: $s, email: $e) }`,
        { s: 'bench-studio', e: contacts[i].email },
        { 'x-forwarded-for': `203.0.113.${i % 250}` },
      );
      const deadline = Date.now() + 10_000;
      let request = signInTo(contacts[i].email, before);
      while (!request) {
        if (Date.now() > deadline) throw new Error(`no sign-in email to ${contacts[i].email} within 10 s`);
        await new Promise((resolve) => setTimeout(resolve, 2));
        request = signInTo(contacts[i].email, before);
      }
      latencies.push(request.receivedAt - (performance.timeOrigin + started));
      if (i === 0) token = /auth\?token=([\w-]+)/.exec(JSON.stringify(request.body))![1];
    }
    latencies.sort((a, b) => a - b);
    figure(
      `(7) requestLoginLink to its SendGrid call, ${latencies.length} requests: p50 ${percentile(latencies, 0.5).toFixed(1)} ms, ` +
        `p99 ${percentile(latencies, 0.99).toFixed(1)} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms`,
    );

    const { response } = await gql(
      `mutation($t: String!) { signInWithLoginLink(token: $t) { contact { id } } }`,
      { t: token },
    );
    const cookie = response.headers.get('set-cookie')!.split(';')[0];
    const connections = 32;
    const bodies = {
      trivial: JSON.stringify({ query: '{ __typename }' }),
      overview: JSON.stringify({ query: OVERVIEW, variables: { id: projectId } }),
    };
    // The answer each request must get, as the server gives it now (checked on every answer).
    const expected = async (body: string) => {
      const response = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body,
      });
      const text = await response.text();
      const parsed = JSON.parse(text) as { data?: unknown; errors?: unknown };
      if (!response.ok || parsed.errors || !parsed.data)
        throw new Error(`the benchmark query failed: ${text}`);
      return text;
    };
    const load = (body: string, answer: string) => ({
      url: `${api.url}/graphql`,
      body,
      headers: { cookie },
      connections,
      seconds,
      expected: answer,
    });
    log(
      `a contact's project overview and { __typename }, ${connections} connections, autocannon in its own process, ` +
        `${slices} interleaved turns of ${Math.max(1, Math.round(seconds / slices))} s each…`,
    );
    const generator = new LoadGenerator();
    let figures: Record<string, LoadResult>;
    try {
      const trivialAnswer = await expected(bodies.trivial);
      const overviewAnswer = await expected(bodies.overview);
      // A warm-up turn of each (JIT, pools, caches), not counted.
      await interleaved(
        generator,
        {
          trivial: { ...load(bodies.trivial, trivialAnswer), seconds: 1 },
          overview: { ...load(bodies.overview, overviewAnswer), seconds: 1 },
        },
        1,
      );
      figures = await interleaved(
        generator,
        { trivial: load(bodies.trivial, trivialAnswer), overview: load(bodies.overview, overviewAnswer) },
        slices,
      );
    } finally {
      generator.close();
    }
    const { trivial, overview } = figures;
    for (const [label, result] of [
      ['{ __typename }', trivial],
      ["a contact's project overview", overview],
    ] as const) {
      figure(
        `(8) ${label}, ${connections} connections: ${Math.round(result.rps)} requests/s, p50 ${result.p50.toFixed(1)} ms, ` +
          `p99 ${result.p99.toFixed(1)} ms; ${result.requests} answers checked, ${result.wrong} wrong` +
          (result.errors || result.timeouts ? `, ${result.errors} errors, ${result.timeouts} timeouts` : '') +
          (result.firstWrong ? ` (first: ${result.firstWrong})` : ''),
      );
      if (result.wrong || result.errors)
        throw new Error(`${label}: ${result.wrong} wrong answers, ${result.errors} errors`);
    }
    figure(`(8) overview / trivial: ${(overview.rps / trivial.rps).toFixed(2)}× (same server, interleaved)`);
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
