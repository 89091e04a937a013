import { MailerError } from '../../integrations/mailer';
import { SendGridMailer } from '../../integrations/sendgrid.mailer';
import { freePort } from '../../test/redis-server';
import { PermanentEmailError } from './email.errors';
import { isRetryable } from './email.worker';

const message = {
  to: { email: 'ava@client.test', name: 'Ava' },
  subject: 's',
  text: 't',
  html: '<p>h</p>',
};

describe('which email failures are retried', () => {
  it('HTTP 429 and 5xx and the network are; any other answer and a job that cannot succeed are not', () => {
    expect(isRetryable(new MailerError('x', true, 429))).toBe(true);
    expect(isRetryable(new MailerError('x', true, 503))).toBe(true);
    expect(isRetryable(new MailerError('x', false, 400))).toBe(false);
    expect(isRetryable(new PermanentEmailError('expired'))).toBe(false);
    expect(isRetryable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(
      true,
    );
    expect(isRetryable(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(true);
    expect(isRetryable(new TypeError('a bug'))).toBe(false);
  });

  it('SendGrid out of reach is a retryable MailerError', async () => {
    const port = await freePort();
    const mailer = new SendGridMailer({
      apiKey: 'k',
      from: 'portal@localhost',
      baseUrl: `http://127.0.0.1:${port}`,
    });
    const error = await mailer.send(message).catch((e) => e);
    expect(error).toBeInstanceOf(MailerError);
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^SendGrid unreachable/);
  });
});
