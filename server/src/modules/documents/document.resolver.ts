import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { ScopedCtx } from '../../graphql/scoped-context';
import { memberOf } from '../../graphql/viewer.union';
import { Document } from './document.type';

@Resolver(() => Document)
export class DocumentResolver {
  /** Signed when read, and only for a viewer who may see the document (FileService.downloadUrl). */
  @FieldResolver(() => String, {
    description: 'LINK: the shared address. FILE: a short-lived signed download address.',
  })
  url(@Root() document: Document, @ScopedCtx() ctx: GraphQLContext) {
    return ctx.services.files.downloadUrl(ctx.viewer, document);
  }

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
