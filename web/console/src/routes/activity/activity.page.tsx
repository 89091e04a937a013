import { A, useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { For, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../../../src/components/status.component';
import { formatDateTime } from '../../../../src/lib/format';
import { Field } from '../../components/field.component';
import { LoadMore } from '../../components/load-more.component';
import { useConsoleTitle } from '../../components/page-title';
import { createPagedList } from '../../lib/paged-list';
import { ActivityClientProjectsQuery, ActivityClientsQuery, ActivityQuery } from './activity.queries';
import { AudienceBadge } from '../../components/audience-badge.component';

const MORE = '__more__';

/**
 * /app/activity?clientId=…&projectId=…&by=contacts: the workspace's event log,
 * newest first, a page at a time: who did what and when, and whether the
 * client sees it. Filters live in the address, so client and project pages
 * link to their own activity.
 */
export function ActivityPage(): JSX.Element {
  useConsoleTitle(() => ['Activity']);
  const [search, setSearch] = useSearchParams<{ clientId?: string; projectId?: string; by?: string }>();
  const list = createPagedList(
    ActivityQuery,
    () => ({
      clientId: search.clientId || null,
      projectId: search.projectId || null,
      byContacts: search.by === 'contacts',
    }),
    (data) => data.activity,
  );
  const clients = createPagedList(
    ActivityClientsQuery,
    () => ({}),
    (data) => data.clientsPage,
  );
  const [projects] = createQuery({
    query: ActivityClientProjectsQuery,
    variables: () => ({ id: search.clientId ?? '' }),
    pause: () => !search.clientId,
  });
  return (
    <>
      <h1>Activity</h1>
      <div class="toolbar">
        <Field label="Client">
          {(attributes) => (
            <select
              {...attributes}
              onChange={(event) => {
                const value = event.currentTarget.value;
                if (value === MORE) {
                  event.currentTarget.value = search.clientId ?? '';
                  void clients.loadMore();
                  return;
                }
                setSearch({ clientId: value || undefined, projectId: undefined });
              }}
            >
              <option value="">Every client</option>
              <For each={clients.items()}>
                {(client) => (
                  <option value={client.id} selected={client.id === search.clientId}>
                    {client.name}
                  </option>
                )}
              </For>
              <Show when={clients.hasMore()}>
                <option value={MORE}>More clients…</option>
              </Show>
            </select>
          )}
        </Field>
        <Show when={search.clientId}>
          <Field label="Project">
            {(attributes) => (
              <select
                {...attributes}
                onChange={(event) => setSearch({ projectId: event.currentTarget.value || undefined })}
              >
                <option value="">Every project of the client</option>
                <For each={projects.data?.client?.projects ?? []}>
                  {(project) => (
                    <option value={project.id} selected={project.id === search.projectId}>
                      {project.name}
                    </option>
                  )}
                </For>
              </select>
            )}
          </Field>
        </Show>
        <label class="checkbox">
          <input
            type="checkbox"
            checked={search.by === 'contacts'}
            onChange={(event) => setSearch({ by: event.currentTarget.checked ? 'contacts' : undefined })}
          />
          Only what clients did
        </label>
      </div>
      <Show when={list.error()}>
        <ErrorNote error={list.error()} retry={() => list.reload()} />
      </Show>
      <Show
        when={list.items().length || list.loading()}
        fallback={<p class="muted">Nothing has happened here yet.</p>}
      >
        <ol class="activity-list" aria-busy={list.loading()}>
          <For each={list.items()}>
            {(entry) => (
              <li>
                <p>{entry.summary}</p>
                <p class="muted">
                  <time datetime={entry.occurredAt}>{formatDateTime(entry.occurredAt)}</time> ·{' '}
                  {entry.actor.name} (
                  {entry.actor.kind === 'CONTACT'
                    ? 'client'
                    : entry.actor.kind === 'MEMBER'
                      ? 'team'
                      : 'system'}
                  ) · <A href={`/app/clients/${entry.clientId}`}>{entry.clientName}</A>
                  <Show when={entry.projectId}>
                    {' '}
                    / <A href={`/app/projects/${entry.projectId}`}>{entry.projectName}</A>
                  </Show>{' '}
                  · <AudienceBadge visibleToClient={entry.visibleToClient} />
                </p>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <LoadMore hasMore={list.hasMore()} loading={list.loading()} onMore={list.loadMore} what="entries" />
    </>
  );
}
