import {
  buttonHtml,
  escapeHtml,
  footerText,
  layoutHtml,
  type EmailBranding,
  type RenderedEmail,
} from './email.layout';

export interface MemberSignInEmailInput {
  branding: EmailBranding;
  recipientName: string | null;
  /** One console link per workspace the address belongs to, named by the workspace. */
  links: { companyName: string; url: string }[];
  expiresInMinutes: number;
}

const linkLine = (url: string) =>
  `<p style="margin:0 0 16px;color:#555555;font-size:13px">Or paste this address into your browser:<br>` +
  `<a href="${escapeHtml(url)}" style="color:#555555;word-break:break-all">${escapeHtml(url)}</a></p>`;

/** A member's sign-in email: a link to the console for each of their workspaces, in the text and in the HTML. */
export function renderMemberSignInEmail(input: MemberSignInEmailInput): RenderedEmail {
  const { branding, links } = input;
  const minutes = Math.max(1, Math.round(input.expiresInMinutes));
  const lifetime = `Each link works once and expires in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
  const ignore = 'If you did not ask to sign in, you can ignore this email.';
  const greeting = input.recipientName ? `Hi ${input.recipientName},` : 'Hi,';
  const one = links.length === 1;
  const subject = one ? `Sign in to ${links[0].companyName}'s console` : 'Sign in to your console';
  const intro = one
    ? `Use this link to sign in to ${links[0].companyName}'s console:`
    : 'Your address belongs to several workspaces. Use the link of the one you want to sign in to:';
  const text =
    [
      greeting,
      intro,
      ...links.map((link) => (one ? link.url : `${link.companyName}:\n${link.url}`)),
      `${lifetime} ${ignore}`,
    ].join('\n\n') + footerText(branding);
  const body = [
    `<p style="margin:0 0 16px">${escapeHtml(greeting)}</p>`,
    `<p style="margin:0">${escapeHtml(intro)}</p>`,
    ...links.map((link) =>
      [
        one ? '' : `<h2 style="margin:24px 0 0;font-size:16px">${escapeHtml(link.companyName)}</h2>`,
        buttonHtml(branding, link.url, one ? 'Sign in' : `Sign in to ${link.companyName}`),
        linkLine(link.url),
      ].join('\n'),
    ),
    `<p style="margin:0;color:#555555;font-size:13px">${escapeHtml(lifetime)} ${escapeHtml(ignore)}</p>`,
  ].join('\n');
  return { subject, text, html: layoutHtml(branding, subject, body) };
}

export interface MemberInvitationEmailInput {
  branding: EmailBranding;
  recipientName: string | null;
  inviterName: string;
  link: string;
  /** ISO time the invitation ends. */
  expiresAt: string;
}

/** An invitation to a workspace's team: who invited, the link (7 days, once). */
export function renderMemberInvitationEmail(input: MemberInvitationEmailInput): RenderedEmail {
  const { branding, link } = input;
  const company = branding.companyName;
  const greeting = input.recipientName ? `Hi ${input.recipientName},` : 'Hi,';
  const subject = `${input.inviterName} invited you to ${company}`;
  const intro = `${input.inviterName} invited you to join ${company}'s team in the client portal.`;
  const until = `The link works once, until ${input.expiresAt.slice(0, 10)}.`;
  const text =
    [greeting, intro, 'Accept the invitation and sign in:', link, until].join('\n\n') + footerText(branding);
  const body = [
    `<p style="margin:0 0 16px">${escapeHtml(greeting)}</p>`,
    `<p style="margin:0">${escapeHtml(intro)}</p>`,
    buttonHtml(branding, link, 'Accept and sign in'),
    linkLine(link),
    `<p style="margin:0;color:#555555;font-size:13px">${escapeHtml(until)}</p>`,
  ].join('\n');
  return { subject, text, html: layoutHtml(branding, subject, body) };
}
