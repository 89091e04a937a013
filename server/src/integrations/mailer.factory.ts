import type { Pool } from 'pg';
import type { Config } from '../config';
import { DevMailboxMailer } from './dev-mailbox.mailer';
import type { Mailer } from './mailer';
import { SendGridMailer } from './sendgrid.mailer';

/** SendGrid when SENDGRID_API_KEY is set; otherwise the dev mailbox. */
export function createMailer(
  config: Pick<Config, 'SENDGRID_API_KEY' | 'SENDGRID_API_URL' | 'EMAIL_FROM'>,
  pool: Pool,
  options: { timeoutMs?: number } = {},
): Mailer {
  if (!config.SENDGRID_API_KEY) return new DevMailboxMailer(pool, config.EMAIL_FROM);
  return new SendGridMailer({
    apiKey: config.SENDGRID_API_KEY,
    from: config.EMAIL_FROM,
    baseUrl: config.SENDGRID_API_URL,
    timeoutMs: options.timeoutMs,
  });
}
