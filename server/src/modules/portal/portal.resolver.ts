import { ACCESS_TOPIC } from '../../graphql/live/live-publisher.processor';
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { clearSessionCookie, MEMBER_SESSION_COOKIE, setSessionCookie } from '../../auth/session-cookie';
import { DomainError } from '../../projections/domain.errors';
import type { GraphQLContext } from '../../graphql/context';
import { memberOf, viewerOf } from '../../graphql/viewer.union';
import { ContactViewerType, PortalInfo, PortalPreview } from './portal.type';

@Resolver()
export class PortalResolver {
  @Query(() => PortalInfo, {
    nullable: true,
    description: 'Anyone: what the sign-in page needs. Null for an unknown slug.',
  })
  portal(@Arg('slug', () => String) slug: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.portal.bySlug(slug);
  }

  @Mutation(() => Boolean, {
    description:
      'Anyone. Always true, whether or not the email belongs to a contact of that portal; sends a sign-in link when it does.',
  })
  requestLoginLink(
    @Arg('slug', () => String) slug: string,
    @Arg('email', () => String) email: string,
    @Arg('returnTo', () => String, {
      nullable: true,
      description:
        "The portal page the person was going to (a path under /p/SLUG/): the email's link comes back to it after signing in.",
    })
    returnTo: string | null,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.contactSessions.requestLoginLink(
      slug,
      email,
      ctx.http.ip,
      ctx.requestId,
      returnTo ?? null,
    );
  }

  @Mutation(() => ContactViewerType, {
    description:
      "Anyone. Exchanges a link's token for a portal session (an HttpOnly cookie). Each token works once.",
  })
  async signInWithLoginLink(@Arg('token', () => String) token: string, @Ctx() ctx: GraphQLContext) {
    const { viewer, sessionToken } = await ctx.services.contactSessions.signIn(token, ctx.requestId);
    setSessionCookie(ctx.http.res, sessionToken, ctx.http.secureCookies);
    return ctx.services.portal.contactViewer(viewer);
  }

  @Authorized('MEMBER')
  @Mutation(() => PortalPreview, {
    description:
      'Members: a link to see the portal as this contact sees it, read-only, for an hour; nothing is recorded as theirs.',
  })
  startPortalPreview(@Arg('contactId', () => ID) contactId: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.portalPreviews.start(memberOf(ctx), contactId);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Contacts and members: ends the current session.' })
  async signOut(@Ctx() ctx: GraphQLContext) {
    const viewer = viewerOf(ctx);
    // The session's live sockets, in every API process, close at once (a sign-out is no event of the log).
    const announce = () =>
      ctx.liveBus.publish(ACCESS_TOPIC, { workspaceId: viewer.workspaceId }).catch(() => undefined);
    if (viewer.kind === 'CONTACT') {
      await ctx.services.contactSessions.signOut(viewer);
      await announce();
      clearSessionCookie(ctx.http.res, ctx.http.secureCookies);
      return true;
    }
    if (!viewer.sessionId)
      throw new DomainError('BAD_USER_INPUT', 'an API token is no session: revoke it with revokeApiToken');
    await ctx.services.memberSessions.signOut(viewer);
    await announce();
    clearSessionCookie(ctx.http.res, ctx.http.secureCookies, MEMBER_SESSION_COOKIE);
    return true;
  }
}
