import { expect } from '@jest/globals';
import { ok, type TestApi } from './api.harness';

export interface LoggedEvent {
  type: string;
  data: any;
  actor: { kind: string; id: string | null; name: string };
}

const EVENTS = `query($s: String) { events(streamId: $s) { nodes { type data actor { kind id name } } } }`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What the tests read of the log: SQL as the owner, the log's size, a check
 * that some work appended nothing, and a stream as the members' `events`
 * query gives it. That query reads below the oldest transaction of the
 * database still running, so a stream is read until all of it (its version in
 * es_streams) shows. `api` and `token` are getters: tests set them in beforeAll.
 */
export function eventLogProbe(api: () => TestApi, token: () => string) {
  const sql = async (text: string, values: unknown[] = []) => (await api().db.owner.query(text, values)).rows;
  /** sql() with the log's sealed personal values opened, as the store's readers see them. */
  const opened = async (text: string, values: unknown[] = []) => {
    const rows = await sql(text, values);
    return ((await api().context.store.personalData.openValues(rows, api().db.owner)) ?? rows) as any[];
  };
  const logSize = async () => (await sql('SELECT count(*)::int AS n FROM es_events'))[0].n as number;

  async function appendsNothing(work: () => Promise<unknown>) {
    const before = await logSize();
    await work();
    expect(await logSize()).toBe(before);
  }

  async function streamEvents(streamId: string, as = token()): Promise<LoggedEvent[]> {
    const [stream] = await sql('SELECT version FROM es_streams WHERE stream_id = $1', [streamId]);
    const version = Number(stream?.version ?? 0);
    for (let attempt = 0; ; attempt++) {
      const nodes = ok(await api().gql(EVENTS, { s: streamId }, as)).events.nodes;
      if (nodes.length >= version || attempt >= 200) {
        return nodes.map((e: { type: string; data: string; actor: LoggedEvent['actor'] }) => ({
          type: e.type,
          data: JSON.parse(e.data),
          actor: e.actor,
        }));
      }
      await sleep(50);
    }
  }

  return { sql, opened, logSize, appendsNothing, streamEvents };
}
