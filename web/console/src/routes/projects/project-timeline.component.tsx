import { For, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../../../src/components/status.component';
import { formatDateTime } from '../../../../src/lib/format';
import { LoadMore } from '../../components/load-more.component';
import { createPagedList } from '../../lib/paged-list';
import { useClient } from '@urql/solid';
import { followLive } from '../../../../src/lib/live';
import { ConsoleTimelineEntryAdded, ConsoleTimelineQuery } from './projects.queries';
import { AudienceBadge } from '../../components/audience-badge.component';

/** The project's whole timeline, newest first, each entry saying whether the client sees it. */
export function ProjectTimeline(props: { projectId: string }): JSX.Element {
  const list = createPagedList(
    ConsoleTimelineQuery,
    () => ({ id: props.projectId }),
    (data) => data.project?.timeline ?? { edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
  );
  // Live: a new entry (or the socket back from a drop) asks for the newest page again, on top of the older pages loaded (none twice).
  const reload = () => void list.refreshFirst((entry) => entry.id);
  followLive(
    useClient(),
    'member',
    ConsoleTimelineEntryAdded,
    { projectId: props.projectId },
    reload,
    reload,
  );
  return (
    <>
      <h2>Timeline</h2>
      <Show when={list.error()}>
        <ErrorNote error={list.error()} retry={() => list.reload()} />
      </Show>
      <ol class="timeline-list" aria-busy={list.loading()}>
        <For each={list.items()}>
          {(entry) => (
            <li>
              <p>{entry.summary}</p>
              <p class="muted">
                <time datetime={entry.occurredAt}>{formatDateTime(entry.occurredAt)}</time> ·{' '}
                <AudienceBadge visibleToClient={entry.visibleToClient} />
              </p>
            </li>
          )}
        </For>
      </ol>
      <LoadMore hasMore={list.hasMore()} loading={list.loading()} onMore={list.loadMore} what="entries" />
    </>
  );
}
