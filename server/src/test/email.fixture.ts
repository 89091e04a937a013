import { randomBytes, randomUUID } from 'node:crypto';
import type { AppContext } from '../app-context';
import type { SignInOutboxPayload } from '../auth/sign-in-outbox';
import { contactSignInStreamId, type SignInLinkRequested } from '../modules/clients/contact-sign-in.events';
import { inTransaction } from '../db/pool';
import type { EventMetadata } from '../event-store/event.types';
import type { Mailer } from '../integrations/mailer';
import { createEmailDispatcher, EMAIL_DISPATCHER } from '../modules/emails/email-dispatcher.processor';
import { emailPlanners } from '../modules/emails/email.planners';
import { createEmailQueue, type EmailQueue, type EmailQueueSettings } from '../modules/emails/email.queue';
import { EmailWorker, type EmailWorkerOptions } from '../modules/emails/email.worker';
import { ProcessorRunner } from '../projections/async-processor';
import { ok, type TestApi, type TestWorkspace } from './api.harness';
import type { TestDatabase } from './test-database';

const CREATE_CLIENT = `mutation($input: CreateClientInput!) { createClient(input: $input) { id contacts { id name email } } }`;

export interface TestContact {
  id: string;
  name: string;
  email: string;
}

/** A BullMQ prefix of the test's own, so that test files running side by side share no jobs. */
export function testQueuePrefix(): string {
  return `portal-test-${randomBytes(6).toString('hex')}`;
}

export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A client with contacts, made through the createClient mutation as the workspace's owner. */
export async function createClientWithContacts(
  api: TestApi,
  ws: TestWorkspace,
  contacts: { name: string; email: string }[],
): Promise<{ clientId: string; contacts: TestContact[] }> {
  const created = ok(
    await api.gql<{ createClient: { id: string; contacts: TestContact[] } }>(
      CREATE_CLIENT,
      { input: { name: `Client ${randomBytes(3).toString('hex')}`, contacts } },
      ws.token,
    ),
  ).createClient;
  return { clientId: created.id, contacts: created.contacts };
}

/**
 * What the contacts' sign-in does when a contact asks for a link, in one
 * transaction: SignInLinkRequested on the client's stream, and the raw token
 * in email_outbox under the event's id (never in the event).
 */
export async function requestSignInLink(
  context: AppContext,
  ids: { workspaceId: string; clientId: string; contactId: string },
  expiresInMs = 15 * 60_000,
): Promise<{ eventId: string; token: string }> {
  const token = randomBytes(32).toString('base64url');
  const data: SignInLinkRequested['data'] = {
    ...ids,
    linkId: randomUUID(),
    expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
  };
  const metadata: EventMetadata = {
    actor: { kind: 'CONTACT', id: ids.contactId, name: 'Contact' },
    correlationId: randomUUID(),
    causationId: null,
    tenantId: ids.workspaceId,
  };
  const eventId = await inTransaction(context.pool, async (db) => {
    const result = await context.store.append(
      contactSignInStreamId(ids.contactId),
      'any',
      [{ type: 'SignInLinkRequested', data }],
      metadata,
      db,
    );
    const eventId = result.events[0].eventId;
    const payload: SignInOutboxPayload = { kind: 'sign-in', token };
    await db.query('INSERT INTO email_outbox (event_id, workspace_id, payload) VALUES ($1, $2, $3)', [
      eventId,
      ids.workspaceId,
      JSON.stringify(payload),
    ]);
    return eventId;
  });
  return { eventId, token };
}

export interface EmailPipeline {
  emailQueue: EmailQueue;
  runner: ProcessorRunner;
  /** The email worker (none with `worker: false`: the dispatcher alone). */
  worker: EmailWorker;
  /** Errors the dispatcher's runner met (and retried after). */
  dispatchErrors: unknown[];
  /** Stops the dispatcher and the worker (waiting for running sends). */
  stop(): Promise<void>;
  /** stop(), then removes every key of the queue. */
  stopAndClean(): Promise<void>;
}

/** The email dispatcher and the email worker on a queue prefix of their own (like startWorker, with test settings). */
export function startEmailPipeline(
  context: AppContext,
  options: {
    prefix: string;
    mailer: Mailer;
    redisUrl?: string;
    /** false: no email worker (another process's or a test's own takes the jobs). */
    worker?: boolean;
    workerOptions?: Partial<EmailWorkerOptions>;
  } & Omit<EmailQueueSettings, 'prefix'>,
): EmailPipeline {
  const redisUrl = options.redisUrl ?? context.config.REDIS_URL;
  const emailQueue = createEmailQueue(redisUrl, {
    prefix: options.prefix,
    attempts: options.attempts,
    backoffMs: options.backoffMs ?? 20,
  });
  const dispatchErrors: unknown[] = [];
  const runner = new ProcessorRunner(
    context.pool,
    context.store,
    createEmailDispatcher({
      queue: () => emailQueue.queue,
      publicUrl: context.config.PUBLIC_URL,
      enqueueTimeoutMs: 2_000,
      planners: emailPlanners,
    }),
    { idleMs: 20, standbyMs: 100, onError: (error) => dispatchErrors.push(error) },
  );
  runner.start();
  const worker =
    options.worker === false
      ? null
      : new EmailWorker({
          pool: context.pool,
          redisUrl,
          prefix: options.prefix,
          mailer: options.mailer,
          logger: context.logger,
          replyToFallback: context.config.EMAIL_REPLY_TO ?? context.config.EMAIL_FROM,
          documents: context.services.invoiceDocuments,
          ...options.workerOptions,
        });
  let stopped: Promise<void> | null = null;
  const stop = () => (stopped ??= Promise.all([runner.stop(), worker?.close()]).then(() => undefined));
  return {
    emailQueue,
    runner,
    worker: worker!,
    dispatchErrors,
    stop,
    async stopAndClean() {
      await stop();
      await emailQueue.queue.obliterate({ force: true }).catch(() => undefined);
      await emailQueue.close();
    },
  };
}

/** Moves a processor's checkpoint back to the start of the log (as the owner: a replay). */
export async function resetCheckpoint(db: TestDatabase, processor = EMAIL_DISPATCHER): Promise<void> {
  await db.owner.query(
    `UPDATE es_checkpoints SET transaction_id = '0', global_position = 0, updated_at = now() WHERE processor = $1`,
    [processor],
  );
}

export async function deliveries(db: TestDatabase): Promise<any[]> {
  return (await db.owner.query('SELECT * FROM email_deliveries ORDER BY created_at')).rows;
}

/**
 * Signs a contact in with the link the SendGrid double was asked to send
 * (for tests whose email pipeline runs, and so empties the outbox first).
 */
export async function signInFromMail(
  api: TestApi,
  sendgrid: { mails: any[] },
  slug: string,
  email: string,
): Promise<{ cookie: string }> {
  const before = sendgrid.mails.length;
  ok(
    await api.gql('mutation($s: String!, $e: String!) { requestLoginLink(slug: $s, email: $e) }', {
      s: slug,
      e: email,
    }),
  );
  const token = await waitFor(async () => {
    const mail = sendgrid.mails.slice(before).find((m) => m.personalizations[0].to[0].email === email);
    const text = mail?.content.find((c: { type: string }) => c.type === 'text/plain').value as
      string | undefined;
    return text ? /auth\?token=([\w-]+)/.exec(text)?.[1] : null;
  }, `a sign-in email to ${email}`);
  const response = await api.post(
    'mutation($t: String!) { signInWithLoginLink(token: $t) { contact { id } } }',
    {
      t: token,
    },
  );
  ok((await response.json()) as never);
  return { cookie: response.headers.get('set-cookie')!.split(';')[0] };
}
