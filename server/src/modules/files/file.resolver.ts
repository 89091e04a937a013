import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { memberOf, viewerOf } from '../../graphql/viewer.union';
import { Document } from '../documents/document.type';
import { Workspace } from '../workspaces/workspace.type';
import { RequestUploadInput } from './upload.input';
import { UploadTicket } from './upload.type';

@Resolver()
export class FileResolver {
  @Authorized()
  @Mutation(() => UploadTicket, {
    description: 'Members (any purpose) and contacts (PROJECT_DOCUMENT of their own projects).',
  })
  requestUpload(
    @Arg('input', () => RequestUploadInput) input: RequestUploadInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.files.requestUpload(viewerOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Document, { description: 'Whoever requested the upload.' })
  completeDocumentUpload(@Arg('uploadId', () => ID) uploadId: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.files.completeDocumentUpload(viewerOf(ctx), uploadId, ctx.requestId);
  }

  @Authorized('MEMBER')
  @Mutation(() => Workspace, { description: 'Members.' })
  completeBrandingUpload(@Arg('uploadId', () => ID) uploadId: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.files.completeBrandingUpload(memberOf(ctx), uploadId, ctx.requestId);
  }
}
