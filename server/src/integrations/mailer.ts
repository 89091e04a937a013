/** An address with an optional display name. */
export interface MailAddress {
  email: string;
  name?: string | null;
}

/** A file the message carries, such as an invoice's PDF. Any mailer (SendGrid, SMTP, the dev mailbox) can carry these. */
export interface MailAttachment {
  filename: string;
  /** Its media type, such as application/pdf. */
  contentType: string;
  content: Buffer;
}

/** One message to one recipient; the sender's address is the mailer's (EMAIL_FROM). */
export interface MailMessage {
  to: MailAddress;
  /** The display name of the sender, such as the workspace's company name. */
  fromName?: string | null;
  /** Where replies go: the workspace's reply address (EMAIL_REPLY_TO as a fallback). */
  replyTo?: MailAddress | null;
  subject: string;
  text: string;
  html: string;
  /** What kind of email this is (sign-in, invoice …), for the provider's statistics. */
  category?: string;
  attachments?: MailAttachment[];
}

export interface SentMail {
  /** The provider's id of the message (SendGrid's X-Message-Id), when it gives one. */
  messageId: string | null;
}

/** Sends email: through SMTP_URL, SendGrid, or the dev mailbox when neither is configured. */
export interface Mailer {
  readonly name: string;
  send(message: MailMessage): Promise<SentMail>;
}

/**
 * A send that failed. `retryable` says whether the same message may succeed
 * later (HTTP 429, 5xx, the network); anything else is final.
 */
export class MailerError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MailerError';
  }
}

/** HTTP statuses worth another try: too many requests and the provider's own failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** A failure to reach the other side at all (refused, reset, timed out, name lookup), as Node and axios report it. */
export function isNetworkError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
