import { A, useLocation } from '@solidjs/router';
import { createQuery, useClient } from '@urql/solid';
import { createEffect, on, type JSX } from 'solid-js';
import { followLive } from '../../../src/lib/live';
import {
  NotificationAddedSubscription,
  UnreadCountQuery,
} from '../routes/notifications/notifications.queries';

/**
 * The header's link to /app/notifications with the unread count, read again
 * on each navigation, on each new notification (live) and after the socket
 * came back from a drop (what was announced meanwhile was missed).
 */
export function NotificationBadge(): JSX.Element {
  const location = useLocation();
  const [result, refetch] = createQuery({ query: UnreadCountQuery, requestPolicy: 'cache-and-network' });
  createEffect(
    on(
      () => location.pathname + location.search,
      () => refetch({ requestPolicy: 'network-only' }),
      { defer: true },
    ),
  );
  // The count is asked again rather than added to: the server's answer counts each notification once.
  const recount = () => refetch({ requestPolicy: 'network-only' });
  followLive(useClient(), 'member', NotificationAddedSubscription, {}, recount, recount);
  const count = () => result.data?.notifications.unreadCount ?? 0;
  const label = () =>
    count() === 0
      ? 'Notifications, none unread'
      : `${count()} unread notification${count() === 1 ? '' : 's'}`;
  return (
    <A href="/app/notifications" class="notification-badge" aria-label={label()} title={label()}>
      <span aria-hidden="true">🔔</span>
      <span class="notification-badge__count" aria-hidden="true" hidden={count() === 0}>
        {count() > 99 ? '99+' : count()}
      </span>
    </A>
  );
}
