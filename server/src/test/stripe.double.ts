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

/** A checkout session as the double keeps it: Stripe's fields, and the account it was made on. */
export interface DoubleSession {
  id: string;
  object: 'checkout.session';
  mode: string;
  url: string;
  expires_at: number;
  client_reference_id: string | null;
  currency: string | null;
  amount_total: number;
  metadata: { invoiceId: string; workspaceId: string };
  payment_status: 'unpaid' | 'paid';
  status: 'open' | 'expired' | 'complete';
  /** The Stripe-Account header it was made with (null: the platform's). */
  account: string | null;
}

const EXPIRE = /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/;

/**
 * A stand-in for Stripe's API on loopback, for the SDK aimed at it through
 * STRIPE_API_URL: records every request; answers POST /v1/checkout/sessions
 * with a session (the same one again for an Idempotency-Key seen before) and
 * POST /v1/checkout/sessions/ID/expire as Stripe does: only an open session of
 * the same account expires, anything else is a 400 or 404 invalid_request_error.
 * During an `outage` every request is answered 500.
 */
export class StripeDouble {
  readonly requests: StripeRequest[] = [];
  /** Every session made, by id. */
  readonly sessions = new Map<string, DoubleSession>();
  private readonly byIdempotencyKey = new Map<string, DoubleSession>();
  /** Stripe is down: every request is a 500 api_error. */
  outage = false;

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

  /** The expire requests, in order (whatever the answer). */
  get expiries(): StripeRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && EXPIRE.test(r.path));
  }

  /** The ids of the sessions an expire request named. */
  get expiredIds(): string[] {
    return this.expiries.map((r) => EXPIRE.exec(r.path)![1]);
  }

  /** The customer pays the session (even one expired a moment ago: the race the service must survive). */
  pay(sessionId: string): DoubleSession {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`the double made no session ${sessionId}`);
    session.status = 'complete';
    session.payment_status = 'paid';
    return session;
  }

  /** Idempotency keys last 24 hours at Stripe: after that the same key makes a new session. */
  forgetIdempotencyKeys(): void {
    this.byIdempotencyKey.clear();
  }

  reset(): void {
    this.requests.length = 0;
    this.sessions.clear();
    this.byIdempotencyKey.clear();
    this.outage = false;
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
    const reply = (status: number, body: unknown) => {
      res.statusCode = status;
      res.end(JSON.stringify(body));
    };
    const invalid = (status: number, message: string, code?: string) =>
      reply(status, { error: { type: 'invalid_request_error', message, ...(code ? { code } : {}) } });
    if (this.outage) {
      // Stripe-Should-Retry: false, so the SDK gives up at once and the caller's own retry is what is tested.
      res.setHeader('stripe-should-retry', 'false');
      reply(500, { error: { type: 'api_error', message: 'Stripe is having a moment' } });
      return;
    }
    const account = typeof req.headers['stripe-account'] === 'string' ? req.headers['stripe-account'] : null;
    const expire = request.method === 'POST' ? EXPIRE.exec(request.path) : null;
    if (expire) {
      const session = this.sessions.get(expire[1]);
      if (!session || session.account !== account)
        return invalid(404, `No such checkout.session: '${expire[1]}'`, 'resource_missing');
      if (session.status !== 'open')
        return invalid(
          400,
          `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
        );
      session.status = 'expired';
      return reply(200, asStripe(session));
    }
    if (request.method !== 'POST' || request.path !== '/v1/checkout/sessions')
      return invalid(404, 'Unrecognized request URL');
    const key = String(req.headers['idempotency-key'] ?? '');
    let session = key ? this.byIdempotencyKey.get(key) : undefined;
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
        account,
      };
      this.sessions.set(id, session);
      if (key) this.byIdempotencyKey.set(key, session);
    }
    reply(200, asStripe(session));
  }
}

/** The session as Stripe shows it (the account is a header, not a field). */
function asStripe({ account: _account, ...session }: DoubleSession) {
  return session;
}
