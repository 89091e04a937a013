import { eventLivePublisher } from '../../graphql/live/live-publisher.processor';
import type { LivePayload } from '../../graphql/live/live-subscription';
import type { MessagePosted } from './conversation.events';

/** The bus topic of new messages. */
export const MESSAGE_TOPIC = 'message';

/** What the bus carries of a new message: which one, and where; each API process reads it per viewer. */
export interface MessageLivePayload extends LivePayload {
  messageId: string;
  projectId: string;
}

/** The keys a subscriber of a project's conversation listens on. */
export const conversationKeys = (projectId: string) => [`project:${projectId}`];

/** One message on the bus per MessagePosted, from its data alone (the body stays in PostgreSQL). */
export const messageLivePublisher = eventLivePublisher(MESSAGE_TOPIC, ['MessagePosted'], (event) => {
  const { messageId, projectId } = event.data as MessagePosted['data'];
  return { keys: conversationKeys(projectId), messageId, projectId } satisfies MessageLivePayload;
});
