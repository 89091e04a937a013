import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StripeRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The form-encoded body, decoded into its flat keys (line_items[0][price_data][unit_amount] …). */
  form: Record<string, string>;
}

/**
 * A stand-in for Stripe's API on loopback, for the SDK aimed at it through
 * STRIPE_API_URL: records every request and answers POST /v1/checkout/sessions
 * with a session (the same one again for an Idempotency-Key seen before).
 */
export class StripeDouble {
  readonly requests: StripeRequest[] = [];
  private readonly sessions = new Map<string, unknown>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<StripeDouble> {
    let double: StripeDouble | null = null;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => double!.answer(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    double = new StripeDouble(server, `http://127.0.0.1:${port}`);
    return double;
  }

  get checkouts(): StripeRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions');
  }

  reset(): void {
    this.requests.length = 0;
    this.sessions.clear();
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(
    req: import('node:http').IncomingMessage,
    res: import('node:http').ServerResponse,
    raw: string,
  ): void {
    const form = Object.fromEntries(new URLSearchParams(raw));
    const request: StripeRequest = {
      method: req.method ?? '',
      path: (req.url ?? '').split('?')[0],
      headers: req.headers,
      form,
    };
    this.requests.push(request);
    res.setHeader('content-type', 'application/json');
    if (request.method !== 'POST' || request.path !== '/v1/checkout/sessions') {
      res.statusCode = 404;
      res.end(
        JSON.stringify({ error: { type: 'invalid_request_error', message: 'Unrecognized request URL' } }),
      );
      return;
    }
    const key = String(req.headers['idempotency-key'] ?? '');
    let session = key ? this.sessions.get(key) : undefined;
    if (!session) {
      const id = `cs_test_${randomBytes(12).toString('hex')}`;
      session = {
        id,
        object: 'checkout.session',
        mode: form.mode,
        url: `https://checkout.stripe.test/c/pay/${id}`,
        expires_at: Math.floor(Date.now() / 1000) + 24 * 3600,
        client_reference_id: form.client_reference_id ?? null,
        currency: form['line_items[0][price_data][currency]'] ?? null,
        amount_total: Number(form['line_items[0][price_data][unit_amount]'] ?? 0),
        metadata: {
          invoiceId: form['metadata[invoiceId]'],
          workspaceId: form['metadata[workspaceId]'],
        },
        payment_status: 'unpaid',
        status: 'open',
      };
      if (key) this.sessions.set(key, session);
    }
    res.statusCode = 200;
    res.end(JSON.stringify(session));
  }
}
