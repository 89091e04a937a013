import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SendGridAnswer = 202 | 400 | 429 | 500;

export interface CapturedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The JSON body, parsed. */
  body: any;
  receivedAt: number;
  /** When the answer went out (undefined while it is delayed). */
  answeredAt?: number;
  status?: number;
}

const ERROR_BODIES: Record<number, unknown> = {
  400: {
    errors: [
      {
        message: 'The from address does not match a verified Sender Identity.',
        field: 'from',
        help: null,
      },
    ],
  },
  429: { errors: [{ message: 'Too many requests', field: null, help: null }] },
  500: { errors: [{ message: 'Internal server error', field: null, help: null }] },
};

/**
 * SendGrid's v3 mail send, on a free local port: records every request and
 * answers 202 (with an X-Message-Id), unless told to answer 400, 429 or 500
 * for the next calls, or to hold its answers for a while.
 */
export class SendGridDouble {
  readonly requests: CapturedRequest[] = [];
  private readonly scripted: SendGridAnswer[] = [];
  private delayMs = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<SendGridDouble> {
    let double: SendGridDouble | null = null;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => void double!.answer(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    double = new SendGridDouble(server, `http://127.0.0.1:${port}`);
    return double;
  }

  /** The bodies of the POST /v3/mail/send calls so far. */
  get mails(): any[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path === '/v3/mail/send').map((r) => r.body);
  }

  /** Answer `status` to the next `times` calls (after those already scripted). */
  answerNext(status: SendGridAnswer, times = 1): this {
    for (let i = 0; i < times; i++) this.scripted.push(status);
    return this;
  }

  /** Hold every answer this long (0: answer at once). */
  delayAnswers(ms: number): this {
    this.delayMs = ms;
    return this;
  }

  /** Forget the requests and scripted answers. */
  reset(): void {
    this.requests.length = 0;
    this.scripted.length = 0;
    this.delayMs = 0;
  }

  async waitForRequests(count: number, timeoutMs = 20_000): Promise<CapturedRequest[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.requests.length < count) {
      if (Date.now() > deadline)
        throw new Error(
          `SendGrid double: ${this.requests.length} requests after ${timeoutMs} ms, wanted ${count}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.requests;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async answer(
    req: import('node:http').IncomingMessage,
    res: import('node:http').ServerResponse,
    raw: string,
  ): Promise<void> {
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      // kept as text
    }
    const captured: CapturedRequest = {
      method: req.method ?? '',
      path: (req.url ?? '').split('?')[0],
      headers: req.headers,
      body,
      receivedAt: Date.now(),
    };
    this.requests.push(captured);
    const isSend = captured.method === 'POST' && captured.path === '/v3/mail/send';
    const status = isSend ? (this.scripted.shift() ?? 202) : 404;
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (status === 202) {
      res.writeHead(202, { 'x-message-id': `double-${randomUUID()}`, 'content-length': '0' });
      res.end();
    } else {
      const payload = JSON.stringify(ERROR_BODIES[status] ?? { errors: [{ message: 'Not found' }] });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(payload);
    }
    captured.status = status;
    captured.answeredAt = Date.now();
  }
}
