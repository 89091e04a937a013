import { checkDigest, parseDigest } from '../../event-store/log-digest';
import { ProcessorRunner } from '../../projections/async-processor';
import {
  createTestWorkspace,
  errorCode,
  ok,
  signInAsContact,
  startTestApi,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';
import { createLogDigestProcessor, LOG_DIGEST_PROCESSOR } from './log-digest.processor';

const LOG_DIGEST = `{ logDigest { digest position streams events computedAt } }`;

describe('the log digest and StoredEvent.hash over GraphQL', () => {
  let api: TestApi;
  let wsA: TestWorkspace;
  let wsB: TestWorkspace;

  beforeAll(async () => {
    api = await startTestApi();
    wsA = await createTestWorkspace(api, 'Ava Owner');
    wsB = await createTestWorkspace(api, 'Bob Owner');
    ok(
      await api.gql(
        `mutation { createClient(input: { name: "Smith", contacts: [{ name: "John Smith", email: "john@smith.test" }] }) { id } }`,
        {},
        wsA.token,
      ),
    );
  });
  afterAll(() => api.stop());

  /** The digest processor, run until it has passed every event of the log. */
  async function runDigests(): Promise<void> {
    const runner = new ProcessorRunner(api.context.pool, api.context.store, createLogDigestProcessor(), {
      idleMs: 10,
    });
    runner.start();
    try {
      for (;;) {
        const { rows } = await api.db.owner.query(
          `SELECT EXISTS (SELECT 1 FROM es_checkpoints WHERE processor = $1)
             AND NOT EXISTS (SELECT 1 FROM es_events e, es_checkpoints c WHERE c.processor = $1
               AND (e.transaction_id, e.global_position) > (c.transaction_id, c.global_position)) AS done`,
          [LOG_DIGEST_PROCESSOR],
        );
        if (rows[0].done) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await runner.stop();
    }
  }

  it('StoredEvent.hash is the hex of the stored hash', async () => {
    const { events } = ok(
      await api.gql(`{ events(first: 50) { nodes { id streamId streamPosition hash } } }`, {}, wsA.token),
    );
    expect(events.nodes.length).toBeGreaterThan(2);
    const { rows } = await api.db.owner.query(
      `SELECT event_id AS id, encode(hash, 'hex') AS hash FROM es_events WHERE event_id = ANY($1::uuid[])`,
      [events.nodes.map((node: { id: string }) => node.id)],
    );
    const stored = new Map(rows.map((row) => [row.id, row.hash]));
    for (const node of events.nodes) {
      expect(node.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(node.hash).toBe(stored.get(node.id));
    }
  });

  it('is null before the processor ran, then each workspace reads its own digest, which the log extends', async () => {
    expect(ok(await api.gql(LOG_DIGEST, {}, wsA.token)).logDigest).toBeNull();
    await runDigests();
    for (const ws of [wsA, wsB]) {
      const { logDigest } = ok(await api.gql(LOG_DIGEST, {}, ws.token));
      const digest = parseDigest(logDigest.digest)!;
      expect(digest.tenantId).toBe(ws.workspaceId);
      const { rows } = await api.db.owner.query(
        `SELECT count(*)::int AS events, count(DISTINCT stream_id)::int AS streams FROM es_events WHERE tenant_id = $1`,
        [ws.workspaceId],
      );
      expect(logDigest).toMatchObject({ streams: rows[0].streams, events: rows[0].events });
      expect(await checkDigest(api.db.app, digest)).toMatchObject({ extends: true, ...rows[0] });
    }
    const a = ok(await api.gql(LOG_DIGEST, {}, wsA.token)).logDigest.digest;
    const b = ok(await api.gql(LOG_DIGEST, {}, wsB.token)).logDigest.digest;
    expect(a).not.toBe(b);
  });

  it('moves on with the log', async () => {
    const before = ok(await api.gql(LOG_DIGEST, {}, wsA.token)).logDigest;
    ok(
      await api.gql(
        `mutation { createClient(input: { name: "Jones", contacts: [] }) { id } }`,
        {},
        wsA.token,
      ),
    );
    await runDigests();
    const after = ok(await api.gql(LOG_DIGEST, {}, wsA.token)).logDigest;
    expect(after.events).toBeGreaterThan(before.events);
    expect(after.streams).toBe(before.streams + 1);
    expect(after.position > before.position).toBe(true);
    // The earlier digest still holds of the longer log.
    expect(await checkDigest(api.db.app, parseDigest(before.digest)!)).toMatchObject({ extends: true });
  });

  it('is for members: a contact gets FORBIDDEN', async () => {
    const contact = await signInAsContact(api, wsA.slug, 'john@smith.test');
    const result = await api.gql(LOG_DIGEST, {}, contact);
    expect(errorCode(result)).toBe('FORBIDDEN');
    expect(result.data?.logDigest ?? null).toBeNull();
  });
});
