import { graphql, type ResultOf } from '../../../../src/graphql/graphql';

/** The member's notifications a page at a time (unread only, or all), with the unread count. */
export const NotificationsQuery = graphql(`
  query ConsoleNotifications($first: Int, $after: String, $unreadOnly: Boolean) {
    notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
      unreadCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          type
          summary
          link
          read
          occurredAt
          actor {
            name
          }
          project {
            id
            name
          }
        }
      }
    }
  }
`);

export type ConsoleNotification = ResultOf<
  typeof NotificationsQuery
>['notifications']['edges'][number]['node'];

/** The header's badge: how many are unread. */
export const UnreadCountQuery = graphql(`
  query ConsoleUnreadCount {
    notifications(first: 1, unreadOnly: true) {
      unreadCount
    }
  }
`);

export const MarkNotificationsReadMutation = graphql(`
  mutation MarkNotificationsRead($ids: [ID!]) {
    markNotificationsRead(ids: $ids)
  }
`);

/** After a change, the queries that show notifications are read again (the mutation answers a number). */
export const NOTIFICATIONS_CHANGED = { additionalTypenames: ['NotificationConnection', 'Notification'] };

/** Each new notification of the signed-in member, as the worker writes it. */
export const NotificationAddedSubscription = graphql(`
  subscription ConsoleNotificationAdded {
    notificationAdded {
      id
      read
    }
  }
`);
