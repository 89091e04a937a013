import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import {
  MailerError,
  isNetworkError,
  isRetryableStatus,
  type Mailer,
  type MailMessage,
  type SentMail,
} from './mailer';

export interface SendGridMailerOptions {
  apiKey: string;
  from: string;
  /** SendGrid's base address; a local test double in tests. Default: SendGrid's own. */
  baseUrl?: string;
  /** How long one request may take before it counts as a network failure (ms). */
  timeoutMs?: number;
}

interface SendGridErrorBody {
  errors?: { message?: string; field?: string | null }[];
}

/** POST /v3/mail/send through @sendgrid/mail, on a client of its own (no shared singleton). */
export class SendGridMailer implements Mailer {
  readonly name = 'sendgrid';
  private readonly mail = new MailService();

  constructor(private readonly options: SendGridMailerOptions) {
    const client = new Client();
    // The header rather than setApiKey(): the same on the wire, without setApiKey's reset of the
    // base address or its console warning for keys not shaped like SendGrid's.
    client.setDefaultHeader('Authorization', `Bearer ${options.apiKey}`);
    if (options.baseUrl) client.setDefaultRequest('baseUrl', options.baseUrl);
    this.mail.setClient(client);
    this.mail.setTimeout(options.timeoutMs ?? 30_000);
  }

  async send(message: MailMessage): Promise<SentMail> {
    try {
      const [response] = await this.mail.send({
        to: { email: message.to.email, name: message.to.name ?? undefined },
        from: { email: this.options.from, name: message.fromName ?? undefined },
        replyTo: message.replyTo
          ? { email: message.replyTo.email, name: message.replyTo.name ?? undefined }
          : undefined,
        subject: message.subject,
        text: message.text,
        html: message.html,
        categories: message.category ? [message.category] : undefined,
        attachments: message.attachments?.length
          ? message.attachments.map((file) => ({
              content: file.content.toString('base64'),
              filename: file.filename,
              type: file.contentType,
              disposition: 'attachment',
            }))
          : undefined,
        // Links in these emails carry secrets (sign-in tokens): SendGrid must not rewrite them.
        trackingSettings: { clickTracking: { enable: false, enableText: false } },
      });
      const id = response.headers?.['x-message-id'];
      return { messageId: typeof id === 'string' && id ? id : null };
    } catch (error) {
      throw toMailerError(error);
    }
  }
}

function toMailerError(error: unknown): MailerError {
  const status = (error as { code?: unknown }).code;
  if (typeof status === 'number') {
    const body = (error as { response?: { body?: SendGridErrorBody } }).response?.body;
    const details = (body?.errors ?? [])
      .map((e) => [e.field, e.message].filter(Boolean).join(': '))
      .filter(Boolean)
      .join('; ');
    return new MailerError(
      `SendGrid answered ${status}${details ? `: ${details}` : ''}`,
      isRetryableStatus(status),
      status,
      { cause: error },
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  if (isNetworkError(error))
    return new MailerError(`SendGrid unreachable: ${reason}`, true, null, { cause: error });
  return new MailerError(`SendGrid send failed: ${reason}`, false, null, { cause: error });
}
