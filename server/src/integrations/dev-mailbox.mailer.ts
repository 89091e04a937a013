import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { MailerError, type Mailer, type MailMessage, type SentMail } from './mailer';

/**
 * Without a SendGrid key nothing leaves the machine: each message is stored in
 * the dev_mailbox table, and GET /dev/mailbox shows it (not in production).
 */
export class DevMailboxMailer implements Mailer {
  readonly name = 'dev-mailbox';

  constructor(
    private readonly pool: Pool,
    private readonly from: string,
  ) {}

  async send(message: MailMessage): Promise<SentMail> {
    const messageId = randomUUID();
    try {
      await this.pool.query(
        `INSERT INTO dev_mailbox (message_id, from_address, from_name, to_address, to_name, subject, text_body, html_body,
                                  reply_to_address, reply_to_name, attachments)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          messageId,
          this.from,
          message.fromName ?? null,
          message.to.email,
          message.to.name ?? null,
          message.subject,
          message.text,
          message.html,
          message.replyTo?.email ?? null,
          message.replyTo?.name ?? null,
          // The files' names, types and sizes: enough to see what went, without keeping the bytes.
          JSON.stringify(
            (message.attachments ?? []).map((file) => ({
              filename: file.filename,
              contentType: file.contentType,
              size: file.content.length,
            })),
          ),
        ],
      );
    } catch (error) {
      // The database being away is worth another try, like a provider's 5xx.
      throw new MailerError(`dev mailbox: ${(error as Error).message}`, true, null, { cause: error });
    }
    return { messageId };
  }
}
