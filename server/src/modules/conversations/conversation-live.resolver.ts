import { Arg, Authorized, Ctx, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { liveSubscription } from '../../graphql/live/live-subscription';
import { viewerOf } from '../../graphql/viewer.union';
import { DomainError } from '../../projections/domain.errors';
import { conversationKeys, MESSAGE_TOPIC, type MessageLivePayload } from './conversation.live';
import { Message } from './message.type';

/** A project's new messages as they are posted, each read again for the viewer when it is sent. */
async function postedMessages({ args, context }: { args: Record<string, unknown>; context: GraphQLContext }) {
  const projectId = String(args.projectId);
  const project = await context.services.projects.byId(viewerOf(context), projectId);
  if (!project) throw new DomainError('NOT_FOUND', 'no such project', 'projectId');
  const conversations = context.services.conversations;
  return liveSubscription(context.live, MESSAGE_TOPIC, conversationKeys(project.id), (payload, viewer) =>
    conversations.liveMessage(viewer, project.id, (payload as MessageLivePayload).messageId),
  );
}

@Resolver()
export class ConversationLiveResolver {
  @Authorized()
  @Subscription(() => Message, {
    description: 'Members and contacts who may see the project: each new message, as it is posted.',
    subscribe: postedMessages,
  })
  messagePosted(
    @Root() message: Message,
    @Arg('projectId', () => ID) _projectId: string,
    @Ctx() _ctx: GraphQLContext,
  ): Message {
    return message;
  }
}
