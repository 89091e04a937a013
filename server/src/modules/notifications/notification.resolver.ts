import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { memberOf } from '../../graphql/viewer.union';
import { Project } from '../projects/project.type';
import { EmailNotificationMode, Member, Workspace } from '../workspaces/workspace.type';
import { Notification, NotificationConnection } from './notification.type';

@Resolver(() => Notification)
export class NotificationResolver {
  @Authorized('MEMBER')
  @Query(() => NotificationConnection, {
    description: "Members: the signed-in member's notifications, newest first, a page at a time.",
  })
  notifications(
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('unreadOnly', () => Boolean, { nullable: true, defaultValue: false }) unreadOnly: boolean,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.notifications.list(memberOf(ctx), {
      first: first ?? 20,
      after: after ?? null,
      unreadOnly: unreadOnly ?? false,
    });
  }

  @Authorized('MEMBER')
  @Mutation(() => Int, {
    description:
      "Members: marks the given notifications of their own read (others' ids count nothing), or all when ids is null; how many changed.",
  })
  markNotificationsRead(
    @Arg('ids', () => [ID], { nullable: true }) ids: string[] | null,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.notifications.markRead(memberOf(ctx), ids ?? null);
  }

  @Authorized('MEMBER')
  @Mutation(() => Member, { description: 'Members: how they themselves hear of what clients do.' })
  async updateNotificationSettings(
    @Arg('emailNotifications', () => EmailNotificationMode) emailNotifications: EmailNotificationMode,
    @Ctx() ctx: GraphQLContext,
  ) {
    const viewer = memberOf(ctx);
    await ctx.services.notifications.setEmailNotifications(viewer, emailNotifications, ctx.requestId);
    return ctx.services.team.byId(viewer.workspaceId, viewer.memberId);
  }

  @Authorized('MEMBER')
  @Mutation(() => Workspace, {
    description:
      "Members: the workspace's time zone, an IANA name such as Europe/Paris (daily digests go out at 08:00 there).",
  })
  async setWorkspaceTimeZone(@Arg('timeZone', () => String) timeZone: string, @Ctx() ctx: GraphQLContext) {
    const viewer = memberOf(ctx);
    await ctx.services.notifications.setTimeZone(viewer, timeZone, ctx.requestId);
    return ctx.services.workspaces.byId(viewer.workspaceId);
  }

  @FieldResolver(() => Project, { nullable: true })
  project(@Root() notification: Notification, @Ctx() ctx: GraphQLContext) {
    return notification.projectId ? ctx.loaders.projectById.load(notification.projectId) : null;
  }
}
