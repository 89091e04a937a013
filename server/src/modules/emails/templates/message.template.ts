import {
  buttonHtml,
  escapeHtml,
  footerText,
  layoutHtml,
  type EmailBranding,
  type RenderedEmail,
} from './email.layout';

export interface MessageEmailInput {
  branding: EmailBranding;
  recipientName: string | null;
  authorName: string;
  projectName: string;
  /** The message as written: plain text, escaped here, its line breaks kept. */
  body: string;
  link: string;
}

/** A member's message to the client's contacts: who wrote, in which project, the text, and a link to reply. */
export function renderMessageEmail(input: MessageEmailInput): RenderedEmail {
  const { branding, link } = input;
  const greeting = input.recipientName ? `Hi ${input.recipientName},` : 'Hi,';
  const subject = `${input.authorName} wrote a message in ${input.projectName}`;
  const intro = `${input.authorName} of ${branding.companyName} wrote a message in ${input.projectName}:`;
  const reply = 'Read and reply in the portal:';
  const quotedText = input.body
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  const text = [greeting, intro, quotedText, reply, link].join('\n\n') + footerText(branding);
  const bodyHtml = escapeHtml(input.body).replace(/\r?\n/g, '<br>');
  const body = [
    `<p style="margin:0 0 16px">${escapeHtml(greeting)}</p>`,
    `<p style="margin:0 0 16px">${escapeHtml(intro)}</p>`,
    `<blockquote style="margin:0;padding:12px 16px;border-left:4px solid #dddddd;background:#fafafa;white-space:normal">${bodyHtml}</blockquote>`,
    buttonHtml(branding, link, 'Reply in the portal'),
    `<p style="margin:0;color:#555555;font-size:13px">Or paste this address into your browser:<br>` +
      `<a href="${escapeHtml(link)}" style="color:#555555;word-break:break-all">${escapeHtml(link)}</a></p>`,
  ].join('\n');
  return { subject, text, html: layoutHtml(branding, subject, body) };
}
