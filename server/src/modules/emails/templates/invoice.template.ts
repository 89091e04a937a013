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
  /** A reminder's days from the due date (-3: three days before); without it, the kind says when. */
  daysFromDue?: number;
  /** The link to the invoice: with the recipient's key, it opens and pays it without signing in. */
  link: string;
  /** Invoices can be paid online (Stripe): the button says pay. */
  onlinePayment?: boolean;
  /** The file name of the PDF attached, if any. */
  attachment?: string;
}

const plural = (n: number) => (n === 1 ? 'day' : 'days');

function lines(input: InvoiceEmailInput): { subject: string; paragraphs: string[]; button: string } {
  const { branding, number, total, dueDate } = input;
  const company = branding.companyName;
  const due = dueDate ? `, due ${dueDate}` : '';
  const attached = input.attachment ? ` The invoice is attached (${input.attachment}).` : '';
  const view = input.onlinePayment ? 'View and pay the invoice' : 'View the invoice';
  switch (input.kind) {
    case 'invoice':
      return {
        subject: `Invoice ${number} from ${company}`,
        paragraphs: [
          `${company} sent you invoice ${number} for ${total}${due}.${attached}`,
          input.onlinePayment
            ? 'You can view it and pay it online with the button below: no sign-in needed.'
            : 'You can view it with the button below: no sign-in needed. How to pay is on the invoice.',
        ],
        button: view,
      };
    case 'receipt':
      return {
        subject: `Receipt for invoice ${number} from ${company}`,
        paragraphs: [
          `Thank you: ${company} received a payment of ${input.amount} on invoice ${number} (total ${total}).${
            input.attachment ? ` Your receipt is attached (${input.attachment}).` : ''
          }`,
          input.remaining ? `${input.remaining} is still due${due}.` : 'The invoice is now paid in full.',
        ],
        button: 'View the invoice',
      };
    case 'invoice-reminder': {
      const days = input.daysFromDue;
      const when =
        input.reminder === 'before-due'
          ? `is due on ${dueDate}${days !== undefined ? `, in ${-days} ${plural(-days)}` : ''}`
          : input.reminder === 'on-due'
            ? 'is due today'
            : `was due on ${dueDate}${days !== undefined ? `, ${days} ${plural(days)} ago,` : ''} and is overdue`;
      return {
        subject:
          input.reminder === 'after-due'
            ? `Overdue: invoice ${number} from ${company}`
            : `Reminder: invoice ${number} from ${company} ${input.reminder === 'on-due' ? 'is due today' : 'is due soon'}`,
        paragraphs: [
          `Invoice ${number} from ${company} ${when}.`,
          `${input.amount} is still to pay (total ${total}).${attached}`,
        ],
        button: view,
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
