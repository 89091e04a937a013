import { A } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { For, Match, Show, Switch, type JSX } from 'solid-js';
import { SignedIn } from '../../components/signed-in.component';
import { QueryStatus } from '../../components/status.component';
import { formatDateTime, formatRelative } from '../../lib/format';
import { usePortal, useViewer } from '../../lib/portal.context';
import { ProjectsQuery } from './projects.queries';
import { usePageTitle } from '../../lib/page-title';

/** /p/SLUG/projects */
export function ProjectsPage(): JSX.Element {
  return (
    <SignedIn>
      <ProjectList />
    </SignedIn>
  );
}

function ProjectList(): JSX.Element {
  const { path } = usePortal();
  const viewer = useViewer();
  usePageTitle(() => ['Projects']);
  const [result, refetch] = createQuery({ query: ProjectsQuery });
  const projects = () => result.data?.projects ?? [];
  return (
    <>
      <h1>Projects</h1>
      <p class="lead">
        Hello {viewer().contact.name}. Here is what we are working on for {viewer().client.name}.
      </p>
      <QueryStatus result={result} refetch={refetch} loading="Loading your projects…">
        <Switch>
          <Match when={projects().length === 0}>
            <div class="empty">
              <h2>No active projects</h2>
              <p>When a project starts, it appears here with its documents, invoices and updates.</p>
            </div>
          </Match>
          <Match when={projects().length > 0}>
            <ul class="project-list">
              <For each={projects()}>
                {(project) => {
                  const last = () => project.timeline.edges[0]?.node;
                  return (
                    <li class="project-card">
                      <A href={path(`/projects/${project.id}`)} class="project-card__link">
                        <h2 class="project-card__name">{project.name}</h2>
                      </A>
                      <Show
                        when={last()}
                        fallback={
                          <p class="project-card__activity">Started {formatDateTime(project.createdAt)}</p>
                        }
                      >
                        {(entry) => (
                          <p class="project-card__activity">
                            <span>Last activity </span>
                            <time datetime={entry().occurredAt} title={formatDateTime(entry().occurredAt)}>
                              {formatRelative(entry().occurredAt)}
                            </time>
                            <span>: {entry().summary}</span>
                          </p>
                        )}
                      </Show>
                    </li>
                  );
                }}
              </For>
            </ul>
          </Match>
        </Switch>
      </QueryStatus>
    </>
  );
}
