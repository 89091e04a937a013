import {
  buttonHtml,
  escapeHtml,
  footerText,
  layoutHtml,
  type EmailBranding,
  type RenderedEmail,
} from './email.layout';

export type InvoiceEmailKind = 'invoice' | 'receipt' | 'invoice-reminder';
export type ReminderKind = 'before-due' | 'on-due' | 'after-due';

export interface InvoiceEmailInput {
  branding: EmailBranding;
  recipientName: string | null;
  kind: InvoiceEmailKind;
  number: string;
  /** Formatted already ($1,234.00). */
  total: string;
  /** For receipts: the payment; for reminders: what is still due. */
  amount?: string;
  /** For receipts: what is left to pay (formatted), or null when paid in full. */
  remaining?: string | null;
  /** YYYY-MM-DD or null. */
  dueDate: string | null;
  reminder?: ReminderKind;
  /** The portal's billing page for the project. */
  link: string;
}

function lines(input: InvoiceEmailInput): { subject: string; paragraphs: string[]; button: string } {
  const { branding, number, total, dueDate } = input;
  const company = branding.companyName;
  const due = dueDate ? `, due ${dueDate}` : '';
  switch (input.kind) {
    case 'invoice':
      return {
        subject: `Invoice ${number} from ${company}`,
        paragraphs: [
          `${company} sent you invoice ${number} for ${total}${due}.`,
          'You can view it and pay it in the client portal.',
        ],
        button: 'View and pay the invoice',
      };
    case 'receipt':
      return {
        subject: `Receipt for invoice ${number} from ${company}`,
        paragraphs: [
          `Thank you: ${company} received a payment of ${input.amount} on invoice ${number} (total ${total}).`,
          input.remaining ? `${input.remaining} is still due${due}.` : 'The invoice is now paid in full.',
        ],
        button: 'View the invoice',
      };
    case 'invoice-reminder': {
      const when =
        input.reminder === 'before-due'
          ? `is due on ${dueDate}`
          : input.reminder === 'on-due'
            ? 'is due today'
            : `was due on ${dueDate} and is overdue`;
      return {
        subject:
          input.reminder === 'after-due'
            ? `Overdue: invoice ${number} from ${company}`
            : `Reminder: invoice ${number} from ${company} ${input.reminder === 'on-due' ? 'is due today' : 'is due soon'}`,
        paragraphs: [
          `Invoice ${number} from ${company} ${when}.`,
          `${input.amount} is still to pay (total ${total}).`,
        ],
        button: 'View and pay the invoice',
      };
    }
  }
}

/** The invoice, receipt and reminder emails, in the workspace's branded layout. */
export function renderInvoiceEmail(input: InvoiceEmailInput): RenderedEmail {
  const { branding, link } = input;
  const greeting = input.recipientName ? `Hi ${input.recipientName},` : 'Hi,';
  const { subject, paragraphs, button } = lines(input);
  const text = [greeting, ...paragraphs, link].join('\n\n') + footerText(branding);
  const body = [
    `<p style="margin:0 0 16px">${escapeHtml(greeting)}</p>`,
    ...paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`),
    buttonHtml(branding, link, button),
    `<p style="margin:0;color:#555555;font-size:13px">Or paste this address into your browser:<br>` +
      `<a href="${escapeHtml(link)}" style="color:#555555;word-break:break-all">${escapeHtml(link)}</a></p>`,
  ].join('\n');
  return { subject, text, html: layoutHtml(branding, subject, body) };
}
