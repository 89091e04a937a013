import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope: MAIL FROM and RCPT TO as the client sent them. */
  from: string;
  to: string[];
  /** The message as a mail reader parses it (headers, text, html). */
  parsed: ParsedMail;
}

export interface TestSmtpServerOptions {
  /** user:pass the server insists on (AUTH PLAIN/LOGIN); none: no authentication. */
  auth?: { user: string; pass: string };
  /** Answers RCPT TO for that address with this error (a reply code and text), as a real server would. */
  refuse?: (recipient: string) => { code: number; message: string } | null;
}

/** A real SMTP server (smtp-server) on a free loopback port, keeping what it receives. */
export class TestSmtpServer {
  readonly messages: ReceivedMail[] = [];
  /** The users that authenticated, one per connection that did. */
  readonly logins: string[] = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(options: TestSmtpServerOptions = {}): Promise<TestSmtpServer> {
    let self: TestSmtpServer | null = null;
    const server = new SMTPServer({
      // Plain SMTP on loopback: no STARTTLS offered, so authentication is allowed without it.
      disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      allowInsecureAuth: true,
      authOptional: !options.auth,
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === options.auth?.user && auth.password === options.auth?.pass) {
          self!.logins.push(auth.username ?? '');
          return callback(null, { user: auth.username });
        }
        callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onRcptTo(address: SMTPServerAddress, _session, callback) {
        const refused = options.refuse?.(address.address);
        if (refused)
          return callback(Object.assign(new Error(refused.message), { responseCode: refused.code }));
        callback();
      },
      onData(stream, session, callback) {
        simpleParser(stream).then(
          (parsed) => {
            self!.messages.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              parsed,
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const port = (server as unknown as { server: { address(): AddressInfo } }).server.address().port;
    self = new TestSmtpServer(server, port);
    return self;
  }

  /** SMTP_URL for this server, with the credentials when it asks for them. */
  url(credentials?: { user: string; pass: string }): string {
    const auth = credentials
      ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.pass)}@`
      : '';
    return `smtp://${auth}127.0.0.1:${this.port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
