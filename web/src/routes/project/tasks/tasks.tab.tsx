import { createQuery } from '@urql/solid';
import { createSignal, Match, Show, Switch, type JSX } from 'solid-js';
import { ErrorNote, QueryStatus } from '../../../components/status.component';
import { usePortal, useViewer } from '../../../lib/portal.context';
import { TaskBoard } from './task-board.component';
import { TaskCreate } from './task-create.component';
import { TaskSharing } from './task-sharing.component';
import { ProjectTasksQuery } from './tasks.queries';
import './tasks.css';

/**
 * The Tasks tab (shown when the workspace shares tasks): the project's tasks
 * by status, and adding, editing, moving and commenting on them as the
 * workspace's task settings allow. The server refuses anything else anyway.
 */
export function TasksTab(props: { projectId: string }): JSX.Element {
  const { portal } = usePortal();
  const viewer = useViewer();
  const settings = () => viewer().taskSettings;
  const [result, refetch] = createQuery({
    query: ProjectTasksQuery,
    variables: () => ({ id: props.projectId }),
  });
  const tasks = () => result.data?.project?.tasks ?? [];
  const [announcement, setAnnouncement] = createSignal('');
  let focusNext: string | undefined;

  const reload = () => refetch({ requestPolicy: 'network-only' });
  const onChanged = (message: string, focusId?: string) => {
    setAnnouncement(message);
    focusNext = focusId;
    reload();
  };
  const takeFocus = (taskId: string) => {
    if (focusNext !== taskId) return false;
    focusNext = undefined;
    return true;
  };

  return (
    <div class="tasks">
      <TaskSharing
        settings={settings()}
        company={portal().branding.companyName}
        client={viewer().client.name}
      />
      <p class="visually-hidden" role="status" aria-live="polite">
        {announcement()}
      </p>
      <Show when={settings().clientsCanCreate && result.data?.project}>
        <TaskCreate
          projectId={props.projectId}
          viewerId={viewer().contact.id}
          onlyAssigned={settings().visibility === 'ASSIGNED'}
          onCreated={onChanged}
        />
      </Show>
      <Show when={result.error && result.data}>
        <ErrorNote message="The list could not be refreshed." retry={reload} />
      </Show>
      <QueryStatus result={result} refetch={refetch} loading="Loading tasks…">
        <Switch>
          <Match when={!result.data?.project}>
            <p class="empty">This project is no longer shared with you.</p>
          </Match>
          <Match when={tasks().length === 0}>
            <div class="empty">
              <h2>No tasks yet</h2>
              <p>
                {settings().visibility === 'ASSIGNED'
                  ? 'Tasks assigned to you or your colleagues will show here.'
                  : 'When tasks are added to this project, they show here.'}
              </p>
            </div>
          </Match>
          <Match when={tasks().length > 0}>
            <TaskBoard
              tasks={tasks()}
              canEdit={settings().clientsCanEdit}
              canComment={settings().clientsCanComment}
              viewerId={viewer().contact.id}
              onChanged={onChanged}
              takeFocus={takeFocus}
            />
          </Match>
        </Switch>
      </QueryStatus>
    </div>
  );
}
