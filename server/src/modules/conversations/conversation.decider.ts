import type { Decider } from '../../projections/decider';
import { bad } from '../shared/validation';
import type { ConversationEvent } from './conversation.events';

export const MAX_MESSAGE = 10_000;

export type ConversationCommand = {
  type: 'PostMessage';
  messageId: string;
  projectId: string;
  /** The project's client, as the service read it in the command's transaction. */
  clientId: string;
  body: string;
};

function checkBody(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw bad('body', 'must not be empty');
  if (trimmed.length > MAX_MESSAGE)
    throw bad('body', `must be at most ${MAX_MESSAGE} characters (got ${trimmed.length})`);
  return trimmed;
}

/**
 * A conversation is a stream of facts: posting needs no past of it, so the
 * decider keeps no state and the command handler appends without an expected
 * version (anyVersion). Who may post is checked against the read models in
 * the command's transaction (conversation.service.ts).
 */
export const conversationDecider: Decider<null, ConversationCommand, ConversationEvent> = {
  initialState: () => null,
  evolve: (state) => state,
  decide(command) {
    return [
      {
        type: 'MessagePosted',
        data: {
          messageId: command.messageId,
          projectId: command.projectId,
          clientId: command.clientId,
          body: checkBody(command.body),
        },
      },
    ];
  },
};
