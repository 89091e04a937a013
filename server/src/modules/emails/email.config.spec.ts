import { ConfigError, parseConfig } from '../../config';

describe('email configuration', () => {
  it('defaults: no SendGrid key (the dev mailbox), EMAIL_FROM portal@localhost, SendGrid’s own address', () => {
    const config = parseConfig({});
    expect(config.SENDGRID_API_KEY).toBeUndefined();
    expect(config.EMAIL_FROM).toBe('portal@localhost');
    expect(config.SENDGRID_API_URL).toBeUndefined();
  });

  it('takes a key, a sender and a base address; a blank key is no key', () => {
    const config = parseConfig({
      SENDGRID_API_KEY: 'SG.key',
      EMAIL_FROM: 'hello@studio.test',
      SENDGRID_API_URL: 'http://127.0.0.1:3030',
    });
    expect(config).toMatchObject({
      SENDGRID_API_KEY: 'SG.key',
      EMAIL_FROM: 'hello@studio.test',
      SENDGRID_API_URL: 'http://127.0.0.1:3030',
    });
    expect(parseConfig({ SENDGRID_API_KEY: '' }).SENDGRID_API_KEY).toBeUndefined();
  });

  it('refuses a base address that is not http(s) and a sender that is not an address, naming the variable', () => {
    const problems = (env: Record<string, string>) => {
      try {
        parseConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ SENDGRID_API_URL: 'api.sendgrid.com' })).toEqual([
      expect.stringMatching(/^SENDGRID_API_URL: must be a URL/),
    ]);
    expect(problems({ EMAIL_FROM: 'nobody' })).toEqual([
      expect.stringMatching(/^EMAIL_FROM: must be an email/),
    ]);
  });
});
