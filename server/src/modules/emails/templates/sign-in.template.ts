import {
  buttonHtml,
  escapeHtml,
  footerText,
  layoutHtml,
  type EmailBranding,
  type RenderedEmail,
} from './email.layout';

export interface SignInEmailInput {
  branding: EmailBranding;
  recipientName: string | null;
  link: string;
  /** Whole minutes the link still works, as said in the email. */
  expiresInMinutes: number;
}

/** The sign-in email: the link in the text and in the HTML (a button and the address spelled out). */
export function renderSignInEmail(input: SignInEmailInput): RenderedEmail {
  const { branding, link } = input;
  const company = branding.companyName;
  const minutes = Math.max(1, Math.round(input.expiresInMinutes));
  const lifetime = `This link works once and expires in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
  const ignore = 'If you did not ask to sign in, you can ignore this email.';
  const greeting = input.recipientName ? `Hi ${input.recipientName},` : 'Hi,';
  const subject = `Your sign-in link for ${company}`;

  const text =
    [
      greeting,
      `Use this link to sign in to the ${company} client portal:`,
      link,
      `${lifetime} ${ignore}`,
    ].join('\n\n') + footerText(branding);

  const body = [
    `<p style="margin:0 0 16px">${escapeHtml(greeting)}</p>`,
    `<p style="margin:0">Use the button below to sign in to the ${escapeHtml(company)} client portal.</p>`,
    buttonHtml(branding, link, 'Sign in'),
    `<p style="margin:0 0 16px;color:#555555;font-size:13px">Or paste this address into your browser:<br>` +
      `<a href="${escapeHtml(link)}" style="color:#555555;word-break:break-all">${escapeHtml(link)}</a></p>`,
    `<p style="margin:0;color:#555555;font-size:13px">${escapeHtml(lifetime)} ${escapeHtml(ignore)}</p>`,
  ].join('\n');

  return { subject, text, html: layoutHtml(branding, subject, body) };
}
