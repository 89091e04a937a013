import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../../db/database-errors';
import type { Queryable } from '../../db/queryable';
import { MailerError, isNetworkError, type Mailer, type MailMessage } from '../../integrations/mailer';
import type { InvoiceDocuments } from '../invoices/invoice.documents';
import { EmailDeliveries } from './email.deliveries';
import { PermanentEmailError } from './email.errors';
import { loadReplyTo } from './email.reply-to';
import { DEFAULT_PUT_BACK, putBackDelayMs, workspaceIsHere, type PutBackSettings } from './email.put-back';
import { EmailSeal } from './email.seal';
import {
  holdsSecrets,
  withoutSecrets,
  type EmailComposeContext,
  type EmailJobData,
  type EmailKind,
} from './email.jobs';
import { redisRetryStrategy } from './email.queue';
import { DEFAULT_QUEUE_PREFIX, EMAIL_QUEUE } from './email.queues';
import { composeSignInEmail } from './sign-in.email';
import { composeInvoiceEmail } from './invoice.email';
import { composeMessageEmail } from './message.email';
import { composeMemberInvitationEmail, composeMemberSignInEmail } from './member.email';
import { composeNotificationEmail } from './notification.email';

/** Turns a job into the message to send, reading what it needs (branding) at send time. */
export type EmailComposer = (
  data: EmailJobData,
  db: Queryable,
  now: Date,
  context: EmailComposeContext,
) => Promise<MailMessage>;

/** One composer per kind of email (each takes the jobs of its kind only). */
export const emailComposers: Readonly<Record<EmailKind, EmailComposer>> = {
  'sign-in': composeSignInEmail as EmailComposer,
  invoice: composeInvoiceEmail as EmailComposer,
  receipt: composeInvoiceEmail as EmailComposer,
  'invoice-reminder': composeInvoiceEmail as EmailComposer,
  'member-sign-in': composeMemberSignInEmail as EmailComposer,
  'member-invitation': composeMemberInvitationEmail as EmailComposer,
  notification: composeNotificationEmail as EmailComposer,
  message: composeMessageEmail as EmailComposer,
};

export interface EmailWorkerOptions {
  pool: Pool;
  redisUrl: string;
  mailer: Mailer;
  logger: Logger;
  prefix?: string;
  concurrency?: number;
  clock?: () => Date;
  /** PUBLIC_URL: emails show the workspace's logo by its stable address under it. */
  publicUrl?: string;
  /**
   * The Reply-To of a workspace without a reply address of its own (EMAIL_REPLY_TO, else EMAIL_FROM);
   * unset: no Reply-To for such a workspace.
   */
  replyToFallback?: string;
  /** Jobs for a workspace this database lacks: how often and how soon they are put back (email.put-back.ts). */
  putBack?: Partial<PutBackSettings>;
  /** The PDFs invoice emails and receipts carry. */
  documents: InvoiceDocuments;
}

/** Worth another attempt: HTTP 429, 5xx and the network (the mailer says), or the database being away. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof MailerError) return error.retryable;
  if (error instanceof PermanentEmailError) return false;
  return isNetworkError(error) || isDatabaseUnavailable(error);
}

/**
 * Sends the jobs of the emails queue. Each outcome is recorded in
 * email_deliveries; after a send (or a final failure) the link leaves the job's
 * data in Redis. Failures other than 429, 5xx and the network are final
 * (UnrecoverableError: no retry). close() lets the running sends finish.
 */
export class EmailWorker {
  readonly worker: Worker<EmailJobData>;
  private readonly deliveries: EmailDeliveries;
  private readonly clock: () => Date;
  private readonly seal = new EmailSeal();

  constructor(private readonly options: EmailWorkerOptions) {
    this.deliveries = new EmailDeliveries(options.pool);
    this.clock = options.clock ?? (() => new Date());
    this.worker = new Worker<EmailJobData>(EMAIL_QUEUE, (job, token) => this.process(job, token), {
      connection: { url: options.redisUrl, maxRetriesPerRequest: null, retryStrategy: redisRetryStrategy },
      prefix: options.prefix ?? DEFAULT_QUEUE_PREFIX,
      concurrency: options.concurrency ?? 5,
    });
    this.worker.on('error', (error) =>
      options.logger.warn({ err: error.message }, 'email worker: redis error'),
    );
  }

  /** Waits for the jobs in hand to finish, then disconnects. */
  async close(): Promise<void> {
    await this.worker.close();
  }

  private async process(job: Job<EmailJobData>, token?: string): Promise<{ messageId: string | null }> {
    const { logger, mailer } = this.options;
    const jobId = job.id!;
    const attempt = job.attemptsMade + 1;
    const data = job.data;
    const log = logger.child({ jobId, kind: data.kind, attempt });

    // Another install's job (its workspace is not in this database): back to the queue for its own worker.
    if (!(await workspaceIsHere(this.options.pool, data.workspaceId))) return this.putBack(job, token, log);

    // Sent already (the job ran again after a crash between the send and its completion): not twice.
    const before = await this.deliveries.status(jobId);
    if (before === 'sent') {
      if (holdsSecrets(data)) await job.updateData(withoutSecrets(data));
      log.info('email already sent; not sending again');
      return { messageId: null };
    }
    // A worker stopped while the provider had the message: whether it went is unknown. Sent again
    // (at least once): a second copy of an email is better than none.
    if (before === 'sending') log.warn('the previous attempt ended with its outcome unknown; sending again');

    let messageId: string | null;
    try {
      const compose = emailComposers[data.kind];
      if (!compose) throw new PermanentEmailError(`no email for jobs of kind ${data.kind}`);
      const composed = await compose(data, this.options.pool, this.clock(), {
        publicUrl: this.options.publicUrl ?? null,
        seal: this.seal,
        documents: this.options.documents,
      });
      // Every email, whatever its kind: replies go to the workspace, not to the sending address.
      const message = {
        ...composed,
        replyTo:
          composed.replyTo ??
          (await loadReplyTo(this.options.pool, data.workspaceId, this.options.replyToFallback ?? null)),
      };
      // Recorded before the provider is called: a crash from here on leaves "sending", not nothing.
      await this.deliveries.record({ jobId, data, status: 'sending', attempts: attempt });
      ({ messageId } = await mailer.send(message));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const retryable = isRetryable(error);
      const final = !retryable || attempt >= (job.opts.attempts ?? 1);
      await this.deliveries.record({
        jobId,
        data,
        status: final ? 'failed' : 'retrying',
        attempts: attempt,
        reason,
      });
      if (final) await job.updateData(withoutSecrets(data)).catch(() => undefined);
      log.warn({ reason, retryable, final }, final ? 'email failed' : 'email attempt failed; retrying');
      if (!retryable) throw new UnrecoverableError(reason);
      throw error;
    }

    await this.deliveries.record({
      jobId,
      data,
      status: 'sent',
      attempts: attempt,
      providerMessageId: messageId,
    });
    await job.updateData(withoutSecrets(data));
    log.info({ mailer: mailer.name, messageId }, 'email sent');
    return { messageId };
  }

  /**
   * Delays the job again without counting an attempt or writing email_deliveries (it is not this
   * database's email), so that the worker of the database that holds its workspace can take it; after
   * the limit, it fails for good, with the reason in the job and in the log.
   */
  private async putBack(job: Job<EmailJobData>, token: string | undefined, log: Logger): Promise<never> {
    const settings = { ...DEFAULT_PUT_BACK, ...this.options.putBack };
    const putBacks = (job.data.putBacks ?? 0) + 1;
    const workspaceId = job.data.workspaceId;
    if (putBacks > settings.limit) {
      const reason =
        `workspace ${workspaceId} is not in this worker's database, and no other worker on this Redis prefix ` +
        `took the job in ${settings.limit} put-backs: give each install its own REDIS_PREFIX (or database name)`;
      await job.updateData(withoutSecrets(job.data)).catch(() => undefined);
      log.error({ workspaceId, putBacks: settings.limit }, reason);
      throw new UnrecoverableError(reason);
    }
    const delayMs = putBackDelayMs(putBacks, settings.firstDelayMs, settings.maxDelayMs);
    await job.updateData({ ...job.data, putBacks });
    await job.moveToDelayed(Date.now() + delayMs, token);
    log.warn(
      { workspaceId, putBacks, delayMs },
      'email job for a workspace this database lacks (another install shares this Redis prefix): put back',
    );
    throw new DelayedError();
  }
}
