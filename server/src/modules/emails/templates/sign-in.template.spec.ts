import { escapeHtml, POWERED_BY, safeColour, textColourOn, type EmailBranding } from './email.layout';
import { renderSignInEmail } from './sign-in.template';

const branding: EmailBranding = {
  companyName: 'Acme Studio',
  accentColor: '#3355ff',
  logoUrl: null,
  showYourBrand: false,
};
const link = 'https://portal.test/p/acme/auth?token=abc_DEF-123';
const render = (changes: Partial<EmailBranding> = {}, name: string | null = 'Ava') =>
  renderSignInEmail({
    branding: { ...branding, ...changes },
    recipientName: name,
    link,
    expiresInMinutes: 15,
  });

describe('the sign-in email template', () => {
  it('puts the link in the text and the HTML, with the company name, the greeting and the lifetime', () => {
    const email = render();
    expect(email.subject).toBe('Your sign-in link for Acme Studio');
    expect(email.text).toContain(`\n${link}\n`);
    expect(email.text).toContain('Hi Ava,');
    expect(email.text).toContain('expires in 15 minutes');
    expect(email.html).toContain(`href="${link}"`);
    expect(email.html).toContain(`>${link}</a>`);
    expect(email.html).toContain('Acme Studio');
  });

  it('escapes every value it puts into the HTML', () => {
    const email = renderSignInEmail({
      branding: { ...branding, companyName: '<script>alert("x")</script> & Co' },
      recipientName: `<img src=x onerror=alert(1)>`,
      link: 'https://portal.test/p/a/auth?token=x"><script>y</script>',
      expiresInMinutes: 15,
    });
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img src=x');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(email.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(email.html).toContain('token=x&quot;&gt;&lt;script&gt;');
    // The text part is plain text: nothing to escape there.
    expect(email.text).toContain('<script>alert("x")</script> & Co');
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it('shows "Powered by Client Portal" only when the workspace does not show its brand alone', () => {
    expect(render({ showYourBrand: false }).text).toContain(POWERED_BY);
    expect(render({ showYourBrand: false }).html).toContain(POWERED_BY);
    expect(render({ showYourBrand: true }).text).not.toContain('Powered by');
    expect(render({ showYourBrand: true }).html).not.toContain('Powered by');
  });

  it('paints the button in the accent colour, and falls back to the default for anything not #rrggbb', () => {
    expect(render({ accentColor: '#AA3300' }).html).toContain('background:#aa3300');
    const injected = render({ accentColor: 'red;background:url(https://evil.test)' }).html;
    expect(injected).not.toContain('evil.test');
    expect(injected).toContain('background:#3355ff');
    expect(safeColour('#abc')).toBe('#3355ff');
    expect(textColourOn('#ffff00')).toBe('#111111');
    expect(textColourOn('#3355ff')).toBe('#ffffff');
  });

  it('shows the logo only when there is an http(s) logo address, else the company name', () => {
    expect(render().html).not.toContain('<img');
    const withLogo = render({ logoUrl: 'https://cdn.test/logo.png?a=1&b=2' }).html;
    expect(withLogo).toContain('<img src="https://cdn.test/logo.png?a=1&amp;b=2" alt="Acme Studio"');
    expect(render({ logoUrl: 'javascript:alert(1)' }).html).not.toContain('<img');
  });

  it('greets without a name when there is none, and speaks of one minute in the singular', () => {
    const email = renderSignInEmail({ branding, recipientName: null, link, expiresInMinutes: 1 });
    expect(email.text.startsWith('Hi,\n')).toBe(true);
    expect(email.text).toContain('expires in 1 minute.');
  });
});
