import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { ScopedCtx } from '../../graphql/scoped-context';
import { viewerOf } from '../../graphql/viewer.union';
import { Project } from '../projects/project.type';
import { Message, MessageConnection } from './message.type';

@Resolver(() => Project)
export class ConversationResolver {
  @FieldResolver(() => MessageConnection, { description: "Newest first: the project's conversation." })
  messages(
    @Root() project: Project,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @ScopedCtx() ctx: GraphQLContext,
  ) {
    return ctx.services.conversations.page(viewerOf(ctx), project.id, {
      first: first ?? 20,
      after: after ?? null,
    });
  }

  @Authorized()
  @Mutation(() => Message, {
    description:
      "Members; contacts on their client's active projects. A member's message is emailed to the client's contacts.",
  })
  postMessage(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('body', () => String) body: string,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.conversations.post(viewerOf(ctx), projectId, body, ctx.requestId);
  }
}
