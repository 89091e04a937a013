import type { DomainEvent } from '../../event-store/event.types';

/**
 * A message in a project's conversation. The workspace is the event's
 * metadata.tenantId and the author its metadata.actor, as for every event;
 * the notifications processor reads this shape, so it is kept exactly.
 */
export type MessagePosted = DomainEvent<
  'MessagePosted',
  { messageId: string; projectId: string; clientId: string; body: string }
>;

export type ConversationEvent = MessagePosted;

/** A project's conversation has a stream of its own: messages never contend with edits of the project. */
export const conversationStreamId = (projectId: string) => `conversation-${projectId}`;
