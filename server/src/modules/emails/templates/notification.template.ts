import {
  buttonHtml,
  escapeHtml,
  footerText,
  layoutHtml,
  type EmailBranding,
  type RenderedEmail,
} from './email.layout';

export interface NotificationEmailInput {
  branding: EmailBranding;
  recipientName: string | null;
  digest: boolean;
  /** The notifications by project (null: no project, such as a first sign-in), oldest first within each. */
  groups: { projectName: string | null; items: { summary: string; url: string; at: string }[] }[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One notification or a project's few (INSTANT), or a day's by project (DAILY_DIGEST); each line links to the console. */
export function renderNotificationEmail(input: NotificationEmailInput): RenderedEmail {
  const { branding, groups } = input;
  const all = groups.flatMap((group) => group.items);
  const subject = input.digest
    ? `Your daily summary: ${plural(all.length, 'notification')}`
    : all.length === 1
      ? all[0].summary
      : `${plural(all.length, 'new notification')}${groups[0]?.projectName ? ` in ${groups[0].projectName}` : ''}`;
  const greeting = input.recipientName ? `Hi ${input.recipientName},` : 'Hi,';
  const intro = input.digest ? 'Here is what your clients did since yesterday:' : 'A client has been busy:';
  const text =
    [
      greeting,
      intro,
      ...groups.map((group) =>
        [
          ...(group.projectName ? [group.projectName] : []),
          ...group.items.map((item) => `- ${item.summary}\n  ${item.url}`),
        ].join('\n'),
      ),
      'You get these emails because of your notification settings in the console.',
    ].join('\n\n') + footerText(branding);
  const body = [
    `<p style="margin:0 0 16px">${escapeHtml(greeting)}</p>`,
    `<p style="margin:0 0 16px">${escapeHtml(intro)}</p>`,
    ...groups.map((group) =>
      [
        group.projectName
          ? `<h2 style="margin:24px 0 8px;font-size:16px">${escapeHtml(group.projectName)}</h2>`
          : '',
        '<ul style="margin:0 0 16px;padding-left:20px">',
        ...group.items.map(
          (item) =>
            `<li style="margin:0 0 8px"><a href="${escapeHtml(item.url)}">${escapeHtml(item.summary)}</a></li>`,
        ),
        '</ul>',
      ].join('\n'),
    ),
    all.length === 1 ? buttonHtml(branding, all[0].url, 'Open in the console') : '',
  ].join('\n');
  return { subject, text, html: layoutHtml(branding, subject, body) };
}
