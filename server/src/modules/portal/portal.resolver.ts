import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { clearSessionCookie, setSessionCookie } from '../../auth/session-cookie';
import type { GraphQLContext } from '../../graphql/context';
import { contactOf } from '../../graphql/viewer.union';
import { ContactViewerType, PortalInfo } from './portal.type';

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

  @Authorized('CONTACT')
  @Mutation(() => Boolean, { description: 'Contacts: ends the current session.' })
  async signOut(@Ctx() ctx: GraphQLContext) {
    await ctx.services.contactSessions.signOut(contactOf(ctx));
    clearSessionCookie(ctx.http.res, ctx.http.secureCookies);
    return true;
  }
}
