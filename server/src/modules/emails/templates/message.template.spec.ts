import { renderMessageEmail } from './message.template';

const branding = { companyName: 'Acme <Studio>', accentColor: '#aa3300', logoUrl: null, showYourBrand: true };
const link = 'https://portal.example.test/p/acme/projects/p1?tab=overview#conversation';

describe('message email', () => {
  const email = renderMessageEmail({
    branding,
    recipientName: 'Jane Smith',
    authorName: 'Ava Owner',
    projectName: 'Website',
    body: 'First line <script>alert("x")</script>\nSecond & last',
    link,
  });

  it('names the author and the project in the subject', () => {
    expect(email.subject).toBe('Ava Owner wrote a message in Website');
  });

  it('the text holds the message as written and the link', () => {
    expect(email.text).toContain('> First line <script>alert("x")</script>\n> Second & last');
    expect(email.text).toContain(link);
  });

  it('the HTML escapes the message and keeps its line breaks, with the link', () => {
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain(
      'First line &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>Second &amp; last',
    );
    expect(email.html).toContain('Acme &lt;Studio&gt;');
    expect(email.html).toContain(`href="${link}"`);
  });
});
