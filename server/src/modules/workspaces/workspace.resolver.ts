import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { memberOf, ViewerUnion } from '../../graphql/viewer.union';
import type { ContactViewerType } from '../portal/portal.type';
import { BrandingInput, TaskPortalSettingsInput } from './workspace.input';
import { BrandingImageKind, CreatedApiToken, MemberViewer, Workspace } from './workspace.type';

@Resolver()
export class WorkspaceResolver {
  @Query(() => ViewerUnion, { nullable: true, description: 'Who is signed in; null when nobody is.' })
  async viewer(@Ctx() ctx: GraphQLContext): Promise<MemberViewer | ContactViewerType | null> {
    if (!ctx.viewer) return null;
    if (ctx.viewer.kind === 'CONTACT') return ctx.services.portal.contactViewer(ctx.viewer);
    const member = memberOf(ctx);
    return {
      member: await ctx.services.workspaces.member(member),
      workspace: (await ctx.services.workspaces.byId(member.workspaceId))!,
    };
  }

  @Authorized('MEMBER')
  @Mutation(() => Workspace)
  updateBranding(@Arg('input', () => BrandingInput) input: BrandingInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.workspaces.updateBranding(memberOf(ctx), input, ctx.requestId);
  }

  @Authorized('MEMBER')
  @Mutation(() => Workspace)
  setPortalEnabled(@Arg('enabled', () => Boolean) enabled: boolean, @Ctx() ctx: GraphQLContext) {
    return ctx.services.workspaces.setPortalEnabled(memberOf(ctx), enabled, ctx.requestId);
  }

  @Authorized('MEMBER')
  @Mutation(() => Workspace, {
    description:
      'Members: the image is no longer shown (the company name instead of the logo; no background).',
  })
  removeBrandingImage(
    @Arg('image', () => BrandingImageKind) image: BrandingImageKind,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.workspaces.removeBrandingImage(memberOf(ctx), image, ctx.requestId);
  }

  @Authorized('MEMBER')
  @Mutation(() => Workspace)
  updateTaskSettings(
    @Arg('input', () => TaskPortalSettingsInput) input: TaskPortalSettingsInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.workspaces.updateTaskSettings(memberOf(ctx), { ...input }, ctx.requestId);
  }

  @Authorized('MEMBER')
  @Mutation(() => CreatedApiToken)
  createApiToken(@Arg('name', () => String) name: string, @Ctx() ctx: GraphQLContext) {
    const member = memberOf(ctx);
    return ctx.services.apiTokens.create(member.workspaceId, member.memberId, name, {
      actor: { kind: 'MEMBER', id: member.memberId, name: member.name },
      correlationId: ctx.requestId,
      tenantId: member.workspaceId,
    });
  }

  @Authorized('MEMBER')
  @Mutation(() => Boolean)
  async revokeApiToken(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    const member = memberOf(ctx);
    await ctx.services.apiTokens.revokeAs(member, id, {
      actor: { kind: 'MEMBER', id: member.memberId, name: member.name },
      correlationId: ctx.requestId,
      tenantId: member.workspaceId,
    });
    return true;
  }
}
