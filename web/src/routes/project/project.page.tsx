import { A, useParams, useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { Match, Switch, type JSX } from 'solid-js';
import { SignedIn } from '../../components/signed-in.component';
import { QueryStatus } from '../../components/status.component';
import { usePortal, useViewer } from '../../lib/portal.context';
import { BillingTab } from './billing/billing.tab';
import { OverviewTab } from './overview/overview.tab';
import { ProjectHeadQuery } from './project.queries';
import { TasksTab } from './tasks/tasks.tab';
import { ProjectTabs, TAB_LABELS, type TabId } from './project-tabs.component';
import { usePageTitle } from '../../lib/page-title';

/** /p/SLUG/projects/:id?tab=overview|billing|tasks */
export function ProjectPage(): JSX.Element {
  return (
    <SignedIn>
      <Project />
    </SignedIn>
  );
}

function Project(): JSX.Element {
  const params = useParams<{ id: string }>();
  const { path } = usePortal();
  const viewer = useViewer();
  const [search] = useSearchParams<{ tab?: string }>();
  const [result, refetch] = createQuery({ query: ProjectHeadQuery, variables: () => ({ id: params.id }) });
  const tasksShared = () => viewer().taskSettings.visibility !== 'OFF';
  const tabs = (): TabId[] => (tasksShared() ? ['overview', 'billing', 'tasks'] : ['overview', 'billing']);
  const current = (): TabId => {
    const wanted = search.tab as TabId | undefined;
    return wanted && tabs().includes(wanted) ? wanted : 'overview';
  };
  usePageTitle(() => {
    const project = result.data?.project;
    return project ? [TAB_LABELS[current()], project.name] : [result.data ? 'Project not found' : 'Project'];
  });

  return (
    <QueryStatus result={result} refetch={refetch} loading="Loading the project…">
      <Switch>
        <Match when={!result.data?.project}>
          <h1>Project not found</h1>
          <p>
            This project does not exist or is no longer shared with you.{' '}
            <A href={path('/projects')}>Back to your projects</A>
          </p>
        </Match>
        <Match when={result.data?.project}>
          {(project) => (
            <>
              <nav aria-label="Breadcrumb" class="breadcrumb">
                <A href={path('/projects')}>Projects</A>
              </nav>
              <h1>{project().name}</h1>
              <ProjectTabs tabs={tabs()} current={current()} projectPath={path(`/projects/${project().id}`)}>
                <Switch>
                  <Match when={current() === 'overview'}>
                    <OverviewTab projectId={project().id} />
                  </Match>
                  <Match when={current() === 'billing'}>
                    <BillingTab projectId={project().id} />
                  </Match>
                  <Match when={current() === 'tasks'}>
                    <TasksTab projectId={project().id} />
                  </Match>
                </Switch>
              </ProjectTabs>
            </>
          )}
        </Match>
      </Switch>
    </QueryStatus>
  );
}
