import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { memberOf } from '../../graphql/viewer.union';
import { Document } from './document.type';

@Resolver(() => Document)
export class DocumentResolver {
  @Authorized('MEMBER')
  @Mutation(() => Document, { description: 'Members.' })
  shareLink(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('title', () => String) title: string,
    @Arg('url', () => String) url: string,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.documents.shareLink(memberOf(ctx), { projectId, title, url }, ctx.requestId);
  }

  @Authorized('MEMBER')
  @Mutation(() => Boolean, { description: 'Members.' })
  removeDocument(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.documents.remove(memberOf(ctx), id, ctx.requestId);
  }
}
