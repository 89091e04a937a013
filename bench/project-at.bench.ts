import { performance } from 'node:perf_hooks';
import { startApi } from '../server/src/api.server';
import { createAppContext } from '../server/src/app-context';
import { parseConfig } from '../server/src/config';
import { formatInteger } from './bench.report';

export interface Latency {
  samples: number;
  p50: number;
  p99: number;
  max: number;
}

export interface ProjectAtFigures {
  /** Events the replay of the project reads (its streams, its client's, its workspace's). */
  events: number;
  projectAt: Latency;
  /** The peer: project(id) with the same selection, on the live read models, interleaved with projectAt. */
  project: Latency;
  /** projectAt half-way through the project's life (about half the events). */
  halfway: Latency;
  /** projectAt(now) with no snapshot to start from: the whole replay (each sample deletes the project's snapshots first). */
  cold: Latency;
}

const SELECTION = `id name status client { name contacts { email } }
  documents { id name } invoices { id number status total amountPaid payments { amount } }
  tasks { id title status comments { id } }
  messages(first: 20) { edges { node { id body } } }
  timeline(first: 20) { edges { node { id summary } } }`;

const latency = (values: number[]): Latency => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { samples: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] };
};

/**
 * projectAt on a project of about 10,000 events (tasks and their comments,
 * messages, documents shared and removed, invoices sent and paid, renames),
 * made through the API, beside project(id) with the same selection.
 */
export async function benchProjectAt(
  databaseUrl: string,
  samples: number,
  log: (line: string) => void,
  figure: (line: string) => void,
): Promise<ProjectAtFigures> {
  const config = parseConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    PORT: '4000',
    DATABASE_URL: databaseUrl,
    DB_POOL_SIZE: '20',
    REDIS_PREFIX: `bench-${Date.now().toString(36)}`,
  });
  const context = createAppContext(config);
  const api = await startApi(context, 0);
  try {
    const created = await context.services.workspaces.createWorkspace(
      { name: 'History', slug: 'bench-history', ownerName: 'Bench Owner', ownerEmail: 'owner@history.test' },
      { kind: 'SYSTEM', id: null, name: 'Bench' },
      'bench',
    );
    const gql = async (query: string, variables: Record<string, unknown> = {}) => {
      const response = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${created.apiToken}` },
        body: JSON.stringify({ query, variables }),
      });
      const json = (await response.json()) as { data: any; errors?: unknown };
      if (json.errors) throw new Error(`GraphQL errors: ${JSON.stringify(json.errors)}`);
      return json.data;
    };
    /** n calls of make(i), 8 at a time. */
    const many = async (n: number, make: (i: number) => Promise<unknown>) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < n) await make(next++);
        }),
      );
    };
    log('projectAt: seeding a project of about 10,000 events through the API…');
    const clientId = (
      await gql(
        `mutation { createClient(input: { name: "Bench Co", contacts: [{ name: "Cleo", email: "cleo@history.test" }] }) { id } }`,
      )
    ).createClient.id;
    const projectId = (
      await gql(`mutation($c: ID!) { createProject(input: { clientId: $c, name: "Long one" }) { id } }`, {
        c: clientId,
      })
    ).createProject.id;
    const taskIds: string[] = [];
    await many(100, async (i) => {
      const { createTask } = await gql(
        `mutation($p: ID!, $t: String!) { createTask(input: { projectId: $p, title: $t }) { id } }`,
        { p: projectId, t: `Task ${i}` },
      );
      taskIds.push(createTask.id);
    });
    await many(2500, (i) =>
      gql(`mutation($t: ID!, $b: String!) { commentOnTask(taskId: $t, body: $b) { id } }`, {
        t: taskIds[i % taskIds.length],
        b: `Comment ${i}`,
      }),
    );
    await many(40, async () => {
      const { createInvoice } = await gql(
        `mutation($p: ID!) { createInvoice(input: { projectId: $p, currency: "USD", lineItems: [{ description: "Work", quantity: 3, unitAmount: 12500 }] }) { id } }`,
        { p: projectId },
      );
      await gql(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id: createInvoice.id });
      await gql(
        `mutation($id: ID!) { recordPayment(invoiceId: $id, amount: 12500, method: "bank") { id } }`,
        {
          id: createInvoice.id,
        },
      );
    });
    const halfway = new Date().toISOString();
    await many(2500, (i) =>
      gql(`mutation($t: ID!, $b: String!) { commentOnTask(taskId: $t, body: $b) { id } }`, {
        t: taskIds[i % taskIds.length],
        b: `Comment ${i}`,
      }),
    );
    await many(100, (i) =>
      gql(`mutation($t: ID!) { setTaskStatus(id: $t, status: DONE) { id } }`, { t: taskIds[i] }),
    );
    await many(2500, (i) =>
      gql(`mutation($p: ID!, $b: String!) { postMessage(projectId: $p, body: $b) { id } }`, {
        p: projectId,
        b: `Message ${i}`,
      }),
    );
    await many(1000, async (i) => {
      const { shareLink } = await gql(
        `mutation($p: ID!, $t: String!) { shareLink(projectId: $p, title: $t, url: "https://example.test/doc") { id } }`,
        { p: projectId, t: `Doc ${i}` },
      );
      if (i % 2 === 0) await gql(`mutation($id: ID!) { removeDocument(id: $id) }`, { id: shareLink.id });
    });
    for (let i = 0; i < 600; i++)
      await gql(`mutation($id: ID!, $n: String!) { renameProject(id: $id, name: $n) { id } }`, {
        id: projectId,
        n: `Long one ${i}`,
      });
    await context.pool.query('VACUUM ANALYZE');
    const now = new Date().toISOString();
    const viewer = {
      kind: 'MEMBER',
      memberId: created.ownerId,
      workspaceId: created.workspaceId,
      name: 'Bench Owner',
      email: '',
      role: 'OWNER',
      tokenId: null,
      sessionId: null,
    } as const;
    const past = await context.services.projectAt.open(viewer, projectId, new Date(now));
    const events = past!.events;
    await past!.release();
    log(
      `projectAt: ${formatInteger(events)} events to replay; timing projectAt and project(id), interleaved…`,
    );

    const time = async (query: string, variables: Record<string, unknown>) => {
      const started = performance.now();
      await gql(query, variables);
      return performance.now() - started;
    };
    const AT = `query($id: ID!, $at: DateTime!) { projectAt(id: $id, at: $at) { ${SELECTION} } }`;
    const LIVE = `query($id: ID!) { project(id: $id) { ${SELECTION} } }`;
    const live = await gql(LIVE, { id: projectId });
    const replayed = await gql(AT, { id: projectId, at: now });
    if (JSON.stringify(live.project) !== JSON.stringify(replayed.projectAt))
      throw new Error('projectAt(now) differs from project(id)');
    for (let i = 0; i < 3; i++)
      await Promise.all([time(AT, { id: projectId, at: now }), time(LIVE, { id: projectId })]);
    const at: number[] = [];
    const peer: number[] = [];
    const half: number[] = [];
    for (let i = 0; i < samples; i++) {
      at.push(await time(AT, { id: projectId, at: now }));
      peer.push(await time(LIVE, { id: projectId }));
      half.push(await time(AT, { id: projectId, at: halfway }));
    }
    // Where a warm call's time goes (from the newest snapshot): three opens, the median of each phase.
    const phases: { setup: number; restore: number; streams: number; read: number; replay: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const opened = (await context.services.projectAt.open(viewer, projectId, new Date(now)))!;
      phases.push(opened.phases);
      await opened.release();
    }
    const median = (key: keyof (typeof phases)[number]) => phases.map((p) => p[key]).sort((a, b) => a - b)[1];
    log(
      `projectAt from its snapshot: setup ${median('setup').toFixed(0)} ms, restore ${median('restore').toFixed(0)} ms, ` +
        `streams ${median('streams').toFixed(0)} ms, read ${median('read').toFixed(0)} ms, ` +
        `replay ${median('replay').toFixed(0)} ms (the rest of a call is the reads of the selection)`,
    );
    const cold: number[] = [];
    for (let i = 0; i < 3; i++) {
      await context.pool.query('DELETE FROM project_snapshots WHERE project_id = $1', [projectId]);
      cold.push(await time(AT, { id: projectId, at: now }));
    }
    const figures = {
      events,
      projectAt: latency(at),
      project: latency(peer),
      halfway: latency(half),
      cold: latency(cold),
    };
    figure(
      `(14) projectAt, ${formatInteger(events)} events: p50 ${figures.projectAt.p50.toFixed(1)} ms, p99 ${figures.projectAt.p99.toFixed(1)} ms; ` +
        `project(id) p50 ${figures.project.p50.toFixed(1)} ms; half-way p50 ${figures.halfway.p50.toFixed(1)} ms; ` +
        `with no snapshot p50 ${figures.cold.p50.toFixed(1)} ms`,
    );
    return figures;
  } finally {
    await api.stop();
    await context.close();
  }
}
