import nodemailer, { type Transporter } from 'nodemailer';
import { MailerError, isNetworkError, type Mailer, type MailMessage, type SentMail } from './mailer';

export interface SmtpMailerOptions {
  /** SMTP_URL: smtp://user:pass@host:587 (STARTTLS when offered), smtps://…:465 (TLS from the start). */
  url: string;
  from: string;
  /** How long connecting, the greeting and each exchange may take before it counts as a network failure (ms). */
  timeoutMs?: number;
}

/** nodemailer's codes for failing to reach or talk to the server at all (worth another try). */
const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS']);

/** Sends through any SMTP server with nodemailer (its SMTP transport, one connection per message). */
export class SmtpMailer implements Mailer {
  readonly name = 'smtp';
  private readonly transport: Transporter;

  constructor(private readonly options: SmtpMailerOptions) {
    const timeout = options.timeoutMs ?? 30_000;
    this.transport = nodemailer.createTransport({
      url: options.url,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
  }

  async send(message: MailMessage): Promise<SentMail> {
    try {
      const info = await this.transport.sendMail({
        from: { name: message.fromName ?? '', address: this.options.from },
        to: { name: message.to.name ?? '', address: message.to.email },
        replyTo: message.replyTo
          ? { name: message.replyTo.name ?? '', address: message.replyTo.email }
          : undefined,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: message.category ? { 'X-Portal-Category': message.category } : undefined,
        attachments: message.attachments?.map((file) => ({
          filename: file.filename,
          content: file.content,
          contentType: file.contentType,
        })),
      });
      return { messageId: info.messageId || null };
    } catch (error) {
      throw toMailerError(error);
    }
  }
}

/** A 4xx reply (or no connection) may pass later; a 5xx reply or anything else is final. */
function toMailerError(error: unknown): MailerError {
  const { responseCode, code, response } = error as {
    responseCode?: unknown;
    code?: unknown;
    response?: unknown;
  };
  const reason = error instanceof Error ? error.message : String(error);
  if (typeof responseCode === 'number') {
    const said = typeof response === 'string' ? response : reason;
    return new MailerError(
      `SMTP server answered ${said}`,
      responseCode >= 400 && responseCode < 500,
      responseCode,
      {
        cause: error,
      },
    );
  }
  if ((typeof code === 'string' && CONNECTION_CODES.has(code)) || isNetworkError(error))
    return new MailerError(`SMTP server unreachable: ${reason}`, true, null, { cause: error });
  return new MailerError(`SMTP send failed: ${reason}`, false, null, { cause: error });
}
