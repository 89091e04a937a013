import { A, useSearchParams } from '@solidjs/router';
import { createMutation } from '@urql/solid';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../../../src/components/status.component';
import { formatDateTime } from '../../../../src/lib/format';
import { LoadMore } from '../../components/load-more.component';
import { useConsoleTitle } from '../../components/page-title';
import { createPagedList } from '../../lib/paged-list';
import {
  MarkNotificationsReadMutation,
  NOTIFICATIONS_CHANGED,
  NotificationsQuery,
} from './notifications.queries';

/** /app/notifications?unread=1: what clients did, newest first, each linking to where it happened; mark one or all read. */
export function NotificationsPage(): JSX.Element {
  useConsoleTitle(() => ['Notifications']);
  const [search, setSearch] = useSearchParams<{ unread?: string }>();
  const list = createPagedList(
    NotificationsQuery,
    () => ({ first: 20, unreadOnly: search.unread === '1' }),
    (data) => data.notifications,
  );
  const [marking, mark] = createMutation(MarkNotificationsReadMutation);
  const [readIds, setReadIds] = createSignal<ReadonlySet<string>>(new Set());
  const [allRead, setAllRead] = createSignal(false);
  const isRead = (n: { id: string; read: boolean }) => n.read || allRead() || readIds().has(n.id);
  const markOne = async (id: string) => {
    const answer = await mark({ ids: [id] }, NOTIFICATIONS_CHANGED);
    if (!answer.error) setReadIds((before) => new Set([...before, id]));
  };
  const markAll = async () => {
    const answer = await mark({ ids: null }, NOTIFICATIONS_CHANGED);
    if (!answer.error) setAllRead(true);
  };
  const unread = () => list.items().filter((n) => !isRead(n)).length;
  return (
    <>
      <h1>Notifications</h1>
      <div class="toolbar">
        <label class="checkbox">
          <input
            type="checkbox"
            checked={search.unread === '1'}
            onChange={(event) => {
              setAllRead(false);
              setSearch({ unread: event.currentTarget.checked ? '1' : undefined });
            }}
          />
          Unread only
        </label>
        <button
          type="button"
          class="button button--secondary"
          disabled={marking.fetching || unread() === 0}
          onClick={markAll}
        >
          Mark all as read
        </button>
      </div>
      <Show when={list.error() ?? marking.error}>
        <ErrorNote error={list.error() ?? marking.error} retry={() => list.reload()} />
      </Show>
      <Show
        when={list.items().length || list.loading()}
        fallback={<p class="muted">No notification yet: what your clients do shows here.</p>}
      >
        <ol class="activity-list notification-list" aria-busy={list.loading()}>
          <For each={list.items()}>
            {(n) => (
              <li classList={{ 'notification--unread': !isRead(n) }}>
                <p>
                  <Show when={!isRead(n)}>
                    <strong class="notification__new">New: </strong>
                  </Show>
                  <A href={n.link}>{n.summary}</A>
                </p>
                <p class="muted">
                  <time datetime={n.occurredAt}>{formatDateTime(n.occurredAt)}</time> · {n.actor.name}
                  <Show when={n.project}>{(project) => <> · {project().name}</>}</Show>
                  <Show when={!isRead(n)}>
                    {' '}
                    <button
                      type="button"
                      class="button button--secondary button--small"
                      disabled={marking.fetching}
                      onClick={() => markOne(n.id)}
                      aria-label={`Mark as read: ${n.summary}`}
                    >
                      Mark as read
                    </button>
                  </Show>
                </p>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <LoadMore
        hasMore={list.hasMore()}
        loading={list.loading()}
        onMore={list.loadMore}
        what="notifications"
      />
    </>
  );
}
