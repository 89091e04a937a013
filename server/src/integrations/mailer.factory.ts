import type { Pool } from 'pg';
import type { Config } from '../config';
import { DevMailboxMailer } from './dev-mailbox.mailer';
import type { Mailer } from './mailer';
import { SendGridMailer } from './sendgrid.mailer';
import { SmtpMailer } from './smtp.mailer';

/** SMTP when SMTP_URL is set; else SendGrid when SENDGRID_API_KEY is; otherwise the dev mailbox. */
export function createMailer(
  config: Pick<Config, 'SMTP_URL' | 'SENDGRID_API_KEY' | 'SENDGRID_API_URL' | 'EMAIL_FROM'>,
  pool: Pool,
  options: { timeoutMs?: number } = {},
): Mailer {
  if (config.SMTP_URL) return new SmtpMailer({ url: config.SMTP_URL, from: config.EMAIL_FROM, ...options });
  if (!config.SENDGRID_API_KEY) return new DevMailboxMailer(pool, config.EMAIL_FROM);
  return new SendGridMailer({
    apiKey: config.SENDGRID_API_KEY,
    from: config.EMAIL_FROM,
    baseUrl: config.SENDGRID_API_URL,
    timeoutMs: options.timeoutMs,
  });
}
