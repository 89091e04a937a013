import type { Describe } from '../timeline/timeline-entry.types';
import type { ConversationEvent } from './conversation.events';

/** A message is the client's conversation: members and the client's contacts read the entry alike. */
export const conversationDescribers: Describe<ConversationEvent> = {
  MessagePosted: (d, actor) => ({
    projectId: d.projectId,
    audience: 'CONTACTS',
    summary: `${actor} wrote a message`,
  }),
};
