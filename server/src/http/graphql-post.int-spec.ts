import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { startTestApi, type TestApi } from '../test/api.harness';
import { captureLogs } from '../test/log.capture';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A POST to /graphql written by hand: the headers exactly as given, the body in the chunks given. */
function post(api: TestApi, headers: Record<string, string>, chunks: (string | Buffer)[]): Promise<Answer> {
  const { port } = new URL(api.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers },
      (res) => {
        const body: Buffer[] = [];
        res.on('data', (chunk: Buffer) => body.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(body).toString('utf8'),
          }),
        );
      },
    );
    request.on('error', reject);
    for (const chunk of chunks) request.write(chunk);
    request.end();
  });
}

const QUERY = JSON.stringify({ query: 'query Probe { __typename }' });
const ANSWER = `${JSON.stringify({ data: { __typename: 'Query' } })}\n`;
const json = (extra: Record<string, string> = {}): Record<string, string> => ({
  'content-type': 'application/json',
  ...extra,
});

/*
 * The listener in front of the app (graphql-post.listener.ts) takes a JSON
 * POST of a known length; express takes every other. Both must answer alike,
 * run the front once (one request id, one log line, one count) and refuse
 * what express.json() refuses, as it does.
 */
describe('POST /graphql: the listener and express answer alike', () => {
  const logs = captureLogs('info');
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ NODE_ENV: 'production' }, undefined, 0, { logger: logs.logger });
  });
  afterAll(() => api?.stop());

  const linesOf = (id: string) => logs.lines.filter((line) => line.requestId === id);
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  it.each([
    ['a body of a known length (the listener)', json({ 'x-request-id': 'gp-1' }), [QUERY]],
    [
      'a chunked body (express)',
      json({ 'x-request-id': 'gp-2', 'transfer-encoding': 'chunked' }),
      [QUERY.slice(0, 9), QUERY.slice(9)],
    ],
    [
      'a compressed body (express)',
      json({ 'x-request-id': 'gp-3', 'content-encoding': 'gzip' }),
      [gzipSync(QUERY)],
    ],
    [
      'charset=utf-8 (the listener)',
      json({ 'x-request-id': 'gp-4', 'content-type': 'application/json; charset=utf-8' }),
      [QUERY],
    ],
  ])('%s: the same answer, headers and one log line', async (_how, headers, chunks) => {
    const known = !headers['transfer-encoding'];
    const sent = known
      ? { ...headers, 'content-length': String(Buffer.concat(chunks.map((c) => Buffer.from(c))).length) }
      : headers;
    const answer = await post(api, sent, chunks);
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(ANSWER);
    expect(answer.headers['x-request-id']).toBe(headers['x-request-id']);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.headers.etag).toBeUndefined();
    await settle();
    expect(linesOf(headers['x-request-id'])).toEqual([
      expect.objectContaining({ msg: 'POST /graphql 200', res: { status: 200 } }),
    ]);
  });

  it('not JSON, or JSON that is not an object: 400 as express.json() answers it, no stack, once logged', async () => {
    for (const [id, text] of [
      ['gp-bad-1', '{"query": '],
      ['gp-bad-2', '"{ __typename }"'],
    ]) {
      const answer = await post(api, json({ 'x-request-id': id, 'content-length': String(text.length) }), [
        text,
      ]);
      expect(answer.status).toBe(400);
      expect(answer.body).not.toMatch(/at .*\.(ts|js):\d+|SyntaxError|JSON\.parse/);
      expect(answer.headers['x-request-id']).toBe(id);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      await settle();
      expect(linesOf(id)).toEqual([expect.objectContaining({ msg: 'POST /graphql 400' })]);
    }
  });

  it('over the 1 MB limit: 413; a charset other than UTF: 415; both from express, logged once', async () => {
    const big = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(1024 * 1024) } });
    const over = await post(api, json({ 'x-request-id': 'gp-big', 'content-length': String(big.length) }), [
      big,
    ]);
    expect(over.status).toBe(413);
    const latin1 = Buffer.from(QUERY, 'latin1');
    const other = await post(
      api,
      json({
        'x-request-id': 'gp-16',
        'content-type': 'application/json; charset=iso-8859-1',
        'content-length': String(latin1.length),
      }),
      [latin1],
    );
    expect(other.status).toBe(415);
    await settle();
    expect(linesOf('gp-big')).toHaveLength(1);
    expect(linesOf('gp-16')).toHaveLength(1);
  });

  it('the latency histogram counts each POST once, under /graphql', async () => {
    const count = async () => {
      const text = await (await fetch(`${api.url}/metrics`)).text();
      const line =
        /portal_http_request_duration_seconds_count\{method="POST",route="\/graphql",status="200"\} (\d+)/.exec(
          text,
        );
      return Number(line?.[1] ?? 0);
    };
    const before = await count();
    await post(api, json({ 'content-length': String(QUERY.length) }), [QUERY]);
    await post(api, json({ 'transfer-encoding': 'chunked' }), [QUERY]);
    expect(await count()).toBe(before + 2);
  });
});
