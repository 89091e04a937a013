import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { MEMBER_SESSION_COOKIE, setSessionCookie } from '../../auth/session-cookie';
import type { GraphQLContext } from '../../graphql/context';
import { memberOf } from '../../graphql/viewer.union';
import {
  ApiToken,
  Member,
  MemberRole,
  MemberViewer,
  Workspace,
  WorkspaceChoice,
} from '../workspaces/workspace.type';
import { InviteMemberInput } from './team.input';

@Resolver()
export class TeamResolver {
  @Mutation(() => Boolean, {
    description:
      "Anyone. Always true; when the email is a member's, sends a link to sign in to the console (one per workspace the address belongs to).",
  })
  requestMemberSignInLink(
    @Arg('email', () => String) email: string,
    @Arg('returnTo', () => String, {
      nullable: true,
      description:
        "A console page (/app/…) the email's link lands on after signing in, such as an invoice's.",
    })
    returnTo: string | null,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.memberSessions.requestSignInLink(email, ctx.http.ip, ctx.requestId, returnTo ?? null);
  }

  @Mutation(() => MemberViewer, {
    description:
      "Anyone. Exchanges a member's link token for a console session (an HttpOnly cookie). Each token works once.",
  })
  async signInMember(
    @Arg('token', () => String) token: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<MemberViewer> {
    const { viewer, sessionToken } = await ctx.services.memberSessions.signIn(token, ctx.requestId);
    setSessionCookie(ctx.http.res, sessionToken, ctx.http.secureCookies, MEMBER_SESSION_COOKIE);
    return {
      member: (await ctx.services.team.byId(viewer.workspaceId, viewer.memberId))!,
      workspace: (await ctx.services.workspaces.byId(viewer.workspaceId))!,
    };
  }

  @Authorized('MEMBER')
  @Mutation(() => MemberViewer, {
    description:
      'Members in the console: a session in another workspace of the same address (this one ends); no email needed.',
  })
  async switchWorkspace(
    @Arg('workspaceId', () => ID) workspaceId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<MemberViewer> {
    const { viewer, sessionToken } = await ctx.services.memberSessions.switchTo(
      memberOf(ctx),
      workspaceId,
      ctx.requestId,
    );
    setSessionCookie(ctx.http.res, sessionToken, ctx.http.secureCookies, MEMBER_SESSION_COOKIE);
    return {
      member: (await ctx.services.team.byId(viewer.workspaceId, viewer.memberId))!,
      workspace: (await ctx.services.workspaces.byId(viewer.workspaceId))!,
    };
  }

  @Authorized('OWNER')
  @Mutation(() => Member, {
    description: 'Members with role OWNER: adds a member and emails them a link to sign in.',
  })
  inviteMember(@Arg('input', () => InviteMemberInput) input: InviteMemberInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.team.invite(
      memberOf(ctx),
      { name: input.name, email: input.email, role: input.role ?? MemberRole.MEMBER },
      ctx.requestId,
    );
  }

  @Authorized('OWNER')
  @Mutation(() => Workspace, {
    description:
      "Members with role OWNER. Ends the member's sessions and revokes their API tokens; the last owner cannot be removed.",
  })
  async removeMember(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    const viewer = memberOf(ctx);
    await ctx.services.team.remove(viewer, id, ctx.requestId);
    return (await ctx.services.workspaces.byId(viewer.workspaceId))!;
  }

  @Authorized('OWNER')
  @Mutation(() => Member, { description: 'Members with role OWNER; the last owner cannot become a MEMBER.' })
  setMemberRole(
    @Arg('id', () => ID) id: string,
    @Arg('role', () => MemberRole) role: MemberRole,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.team.setRole(memberOf(ctx), id, role, ctx.requestId);
  }
}

@Resolver(() => Workspace)
export class WorkspaceTeamResolver {
  @FieldResolver(() => [Member], { description: "Members: the workspace's team." })
  async members(@Root() workspace: Workspace, @Ctx() ctx: GraphQLContext): Promise<Member[]> {
    if (ctx.viewer?.kind !== 'MEMBER' || ctx.viewer.workspaceId !== workspace.id) return [];
    return ctx.services.team.list(workspace.id);
  }
}

@Resolver(() => Member)
export class MemberTokensResolver {
  @FieldResolver(() => [ApiToken], {
    description:
      "The member's live API tokens: a member sees their own, an OWNER everyone's (others see none).",
  })
  apiTokens(@Root() member: Member, @Ctx() ctx: GraphQLContext): Promise<ApiToken[]> {
    return ctx.services.apiTokens.listFor(memberOf(ctx), member);
  }
}

@Resolver(() => MemberViewer)
export class MemberViewerResolver {
  @FieldResolver(() => [WorkspaceChoice], {
    description: 'Every workspace the signed-in address is a member of.',
  })
  workspaces(@Ctx() ctx: GraphQLContext): Promise<WorkspaceChoice[]> {
    return ctx.services.memberSessions.workspacesOf(memberOf(ctx));
  }
}
