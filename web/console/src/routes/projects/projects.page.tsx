import { A } from '@solidjs/router';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../../../src/components/status.component';
import { formatDate } from '../../../../src/lib/format';
import { Field } from '../../components/field.component';
import { LoadMore } from '../../components/load-more.component';
import { useConsoleTitle } from '../../components/page-title';
import { createPagedList } from '../../lib/paged-list';
import { ProjectsPageQuery } from './projects.queries';

type Status = 'ACTIVE' | 'COMPLETED' | 'ARCHIVED';

/** /app/projects: every project, newest first, by status and name, a page at a time. */
export function ProjectsPage(): JSX.Element {
  useConsoleTitle(() => ['Projects']);
  const [status, setStatus] = createSignal<Status | ''>('ACTIVE');
  const [search, setSearch] = createSignal('');
  const list = createPagedList(
    ProjectsPageQuery,
    () => ({ status: status() || null, search: search().trim() || null }),
    (data) => data.projectsPage,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (
    <>
      <h1>Projects</h1>
      <p class="muted">A project belongs to a client: add one from the client's page.</p>
      <div class="toolbar" role="search">
        <Field label="Search projects">
          {(attributes) => (
            <input
              {...attributes}
              type="search"
              onInput={(event) => {
                const value = event.currentTarget.value;
                clearTimeout(timer);
                timer = setTimeout(() => setSearch(value), 250);
              }}
            />
          )}
        </Field>
        <Field label="Status">
          {(attributes) => (
            <select {...attributes} onChange={(event) => setStatus(event.currentTarget.value as Status | '')}>
              <option value="ACTIVE" selected>
                Active
              </option>
              <option value="COMPLETED">Completed</option>
              <option value="ARCHIVED">Archived</option>
              <option value="">Every status</option>
            </select>
          )}
        </Field>
      </div>
      <Show when={list.error()}>
        <ErrorNote error={list.error()} retry={() => list.reload()} />
      </Show>
      <Show when={list.items().length || list.loading()} fallback={<p class="muted">No projects here.</p>}>
        <ul class="card-list" aria-busy={list.loading()}>
          <For each={list.items()}>
            {(project) => (
              <li class="card">
                <A href={`/app/projects/${project.id}`} class="card__title">
                  {project.name}
                </A>{' '}
                <span class="badge">{project.status.toLowerCase()}</span>
                <p class="muted">
                  <A href={`/app/clients/${project.client.id}`}>{project.client.name}</A> · since{' '}
                  {formatDate(project.createdAt)}
                </p>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <LoadMore hasMore={list.hasMore()} loading={list.loading()} onMore={list.loadMore} what="projects" />
    </>
  );
}
