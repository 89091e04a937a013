import type { RecordedEvent } from '../../event-store/event.types';
import { formatMoney } from '../invoices/invoice.money';

/** The event types a contact's doing of which tells the members. */
export const NOTIFIED_EVENT_TYPES = [
  'DocumentUploaded',
  'TaskCreated',
  'TaskUpdated',
  'TaskStatusChanged',
  'TaskCommented',
  'MessagePosted',
  'PaymentRecorded',
  'ContactSignedIn',
] as const;

/** What the processor read besides the event: names as they are when it runs. */
export interface DescribeLookups {
  projectName: string | null;
  invoiceNumber: string | null;
}

export interface NotificationDraft {
  summary: string;
  projectId: string | null;
  /** The console's page where it happened, from /app. */
  link: string;
}

const STATUS_WORDS: Record<string, string> = { TODO: 'To do', IN_PROGRESS: 'In progress', DONE: 'Done' };

const excerpt = (text: string, max = 80) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** One line and one link for a contact's event ("Jane Smith uploaded brief.pdf to Website relaunch"); null: nothing to tell. */
export function describeNotification(
  event: RecordedEvent,
  lookups: DescribeLookups,
): NotificationDraft | null {
  const who = event.metadata.actor.name;
  const data = event.data as Record<string, any>;
  const projectId: string | null = data.projectId ?? null;
  const project = lookups.projectName ?? 'a project';
  const at = (tab: string) => `/app/projects/${projectId}?tab=${tab}`;
  switch (event.type) {
    case 'DocumentUploaded':
      return { summary: `${who} uploaded ${data.fileName} to ${project}`, projectId, link: at('files') };
    case 'TaskCreated':
      return {
        summary: `${who} created the task “${data.title}” in ${project}`,
        projectId,
        link: at('tasks'),
      };
    case 'TaskUpdated':
      return {
        summary: `${who} edited the task “${data.title}” in ${project}`,
        projectId,
        link: at('tasks'),
      };
    case 'TaskStatusChanged':
      return {
        summary: `${who} moved the task “${data.title}” to ${STATUS_WORDS[data.status] ?? data.status} in ${project}`,
        projectId,
        link: at('tasks'),
      };
    case 'TaskCommented':
      return {
        summary: `${who} commented on the task “${data.title}” in ${project}: “${excerpt(String(data.body ?? ''))}”`,
        projectId,
        link: at('tasks'),
      };
    case 'MessagePosted':
      return {
        summary: `${who} posted a message in ${project}: “${excerpt(String(data.body ?? ''))}”`,
        projectId,
        link: at('messages'),
      };
    case 'PaymentRecorded': {
      const invoice = lookups.invoiceNumber ? `invoice ${lookups.invoiceNumber}` : 'an invoice';
      return {
        summary: `${who} paid ${formatMoney(data.amount, data.currency)} on ${invoice} of ${project}`,
        projectId,
        link: `/app/invoices/${data.invoiceId}`,
      };
    }
    case 'ContactSignedIn':
      return {
        summary: `${who} signed in to the portal for the first time`,
        projectId: null,
        link: `/app/clients/${data.clientId}`,
      };
    default:
      return null;
  }
}
