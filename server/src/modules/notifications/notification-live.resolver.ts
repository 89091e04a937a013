import { Authorized, Ctx, Resolver, Root, Subscription } from 'type-graphql';
import type { MemberViewer } from '../../auth/viewer';
import type { GraphQLContext } from '../../graphql/context';
import { liveSubscription } from '../../graphql/live/live-subscription';
import { memberOf } from '../../graphql/viewer.union';
import { memberKeys, NOTIFICATION_TOPIC, type NotificationLivePayload } from './notification.live';
import { Notification } from './notification.type';

/** The signed-in member's new notifications, each read again for them when it is sent. */
function addedNotifications({ context }: { context: GraphQLContext }) {
  const member = memberOf(context);
  const notifications = context.services.notifications;
  return liveSubscription(context.live, NOTIFICATION_TOPIC, memberKeys(member.memberId), (payload, viewer) =>
    notifications.liveNotification(
      viewer as MemberViewer,
      (payload as NotificationLivePayload).notificationId,
    ),
  );
}

@Resolver()
export class NotificationLiveResolver {
  @Authorized('MEMBER')
  @Subscription(() => Notification, {
    description: 'Members: each new notification of the signed-in member, as the worker writes it.',
    subscribe: addedNotifications,
  })
  notificationAdded(@Root() notification: Notification, @Ctx() _ctx: GraphQLContext): Notification {
    return notification;
  }
}
