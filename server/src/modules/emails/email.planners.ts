import type { EmailPlanner } from './email.planner';
import { planInvoiceEmails, planReceiptEmails, planReminderEmails } from './invoice.email';
import { planMessageEmails } from './message.email';
import { planSignInEmail } from './sign-in.email';
import { planMemberInvitationEmail, planMemberSignInEmail } from './member.email';

/** Which events send email, and how. */
export const emailPlanners: Readonly<Record<string, EmailPlanner>> = {
  SignInLinkRequested: planSignInEmail,
  InvoiceSent: planInvoiceEmails,
  PaymentRecorded: planReceiptEmails,
  MemberSignInLinkRequested: planMemberSignInEmail,
  MemberInvited: planMemberInvitationEmail,
  InvoiceReminderSent: planReminderEmails,
  MessagePosted: planMessageEmails,
};
