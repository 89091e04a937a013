import { createQuery, useClient } from '@urql/solid';
import {
  batch,
  createEffect,
  createMemo,
  createSignal,
  For,
  Match,
  on,
  Show,
  Switch,
  type JSX,
} from 'solid-js';
import { ErrorNote, QueryStatus } from '../../../components/status.component';
import { formatDateTime } from '../../../lib/format';
import { followLive } from '../../../lib/live';
import { errorMessage } from '../../../lib/urql';
import { TIMELINE_PAGE, TimelineEntryAdded, TimelineQuery, type TimelineEdge } from './overview.queries';
import { hasMoreAfter, joinEdges, tailOf, type TimelineTail } from './timeline.pages';

/**
 * The project's activity, newest first: the first page through the cache,
 * older pages by cursor (keyset) on "Load more", appended. `version` going up
 * (after an upload) refetches the first page; what was shown stays below it.
 */
export function Timeline(props: { projectId: string; version: number }): JSX.Element {
  const client = useClient();
  const [result, refetch] = createQuery({
    query: TimelineQuery,
    variables: () => ({ id: props.projectId, first: TIMELINE_PAGE, after: null }),
  });
  // A plain copy: the query's store is reconciled in place, and the older entries must not move with it.
  const firstPage = createMemo(() => {
    const page = result.data?.project?.timeline;
    return page ? (JSON.parse(JSON.stringify(page)) as typeof page) : null;
  });
  const [older, setOlder] = createSignal<TimelineEdge[]>([]);
  const [olderTail, setOlderTail] = createSignal<TimelineTail | null>(null);
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [moreError, setMoreError] = createSignal('');
  const [announcement, setAnnouncement] = createSignal('');
  const shown = createMemo(() => joinEdges(firstPage()?.edges ?? [], older()));
  const firstTail = () => {
    const page = firstPage();
    return page ? tailOf(page, null) : null;
  };
  const hasMore = () => hasMoreAfter(shown(), [olderTail(), firstTail()]);
  let list: HTMLOListElement | undefined;
  // Live: a new entry, or the socket back from a drop, asks for the first page again; what was shown stays below it (by id, no duplicates).
  const [liveVersion, setLiveVersion] = createSignal(0);
  const bump = () => setLiveVersion((n) => n + 1);
  followLive(client, 'contact', TimelineEntryAdded, { projectId: props.projectId }, bump, bump);

  createEffect(
    on(
      () => [props.version, liveVersion()],
      () => {
        batch(() => {
          if (!olderTail()) setOlderTail(firstTail());
          setOlder(shown());
        });
        refetch({ requestPolicy: 'network-only' });
      },
      { defer: true },
    ),
  );

  const loadMore = async () => {
    const after = shown().at(-1)?.cursor;
    if (!after || loadingMore()) return;
    setLoadingMore(true);
    setMoreError('');
    const answer = await client
      .query(
        TimelineQuery,
        { id: props.projectId, first: TIMELINE_PAGE, after },
        { requestPolicy: 'network-only' },
      )
      .toPromise();
    const page = answer.data?.project?.timeline;
    const before = shown().length;
    batch(() => {
      setLoadingMore(false);
      if (!page) return setMoreError(errorMessage(answer.error) || 'The activity is not available any more.');
      setOlder(joinEdges(older(), page.edges));
      setOlderTail(tailOf(page, after));
    });
    const added = shown().length - before;
    if (page) setAnnouncement(added ? `${added} older entries loaded.` : 'No older entries.');
    // The button is gone once everything is shown: focus moves to the first entry it brought.
    if (page && !hasMore()) list?.querySelectorAll<HTMLElement>('li')[before]?.focus();
  };

  return (
    <QueryStatus result={result} refetch={refetch} loading="Loading the activity…">
      <Switch>
        <Match when={shown().length === 0}>
          <p class="empty">Nothing has happened on this project yet.</p>
        </Match>
        <Match when={shown().length > 0}>
          <ol class="timeline" aria-label="Activity, newest first" ref={list}>
            <For each={shown()}>
              {(edge) => (
                <li class="timeline__entry" tabIndex={-1}>
                  <p class="timeline__summary">{edge.node.summary}</p>
                  <p class="timeline__meta">
                    <span class="timeline__actor">{edge.node.actor.name}</span>
                    <span aria-hidden="true"> · </span>
                    <time datetime={edge.node.occurredAt}>{formatDateTime(edge.node.occurredAt)}</time>
                  </p>
                </li>
              )}
            </For>
          </ol>
          <Show when={moreError()}>
            <ErrorNote message={moreError()} retry={loadMore} />
          </Show>
          <Show when={hasMore() && !moreError()}>
            <button
              type="button"
              class="button button--secondary timeline__more"
              onClick={loadMore}
              aria-disabled={loadingMore()}
            >
              {loadingMore() ? 'Loading…' : 'Load more'}
            </button>
          </Show>
          <p class="visually-hidden" role="status">
            {announcement()}
          </p>
        </Match>
      </Switch>
    </QueryStatus>
  );
}
