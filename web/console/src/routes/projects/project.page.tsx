import { A, useParams } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Match, Show, Switch, type JSX } from 'solid-js';
import { ErrorNote, QueryStatus } from '../../../../src/components/status.component';
import { Field } from '../../components/field.component';
import { useConsoleTitle } from '../../components/page-title';
import { Tabs, useTab } from '../../components/tabs.component';
import { Conversation } from '../../../../src/routes/project/overview/conversation.component';
import { ProjectFiles } from './project-files.component';
import { ProjectHistory } from './project-history.component';
import { ProjectInvoices } from './project-invoices.component';
import { ProjectTasks } from './project-tasks.component';
import { ProjectTimeline } from './project-timeline.component';
import { ProjectRename } from './project-rename.component';
import { ConsoleProjectQuery, SetProjectStatusMutation } from './projects.queries';

const TABS = [
  { id: 'overview', label: 'Timeline' },
  { id: 'files', label: 'Files and links' },
  { id: 'invoices', label: 'Invoices' },
  { id: 'tasks', label: 'Tasks' },
  { id: 'messages', label: 'Messages' },
] as const;

/** /app/projects/:id?tab=…: the project's name and status, and its timeline, files, invoices, tasks and messages. */
export function ProjectPage(): JSX.Element {
  const params = useParams<{ id: string }>();
  const [tab, setTab] = useTab(TABS);
  const [result, refetch] = createQuery({ query: ConsoleProjectQuery, variables: () => ({ id: params.id }) });
  const project = () => result.data?.project;
  const [history, setHistory] = createSignal(false);
  useConsoleTitle(() => [TABS.find((t) => t.id === tab())!.label, project()?.name ?? 'Project']);
  return (
    <QueryStatus result={result} refetch={refetch} loading="Loading the project…">
      <Show
        when={project()}
        fallback={
          <>
            <h1>Project not found</h1>
            <p>
              <A href="/app/projects">All projects</A>
            </p>
          </>
        }
      >
        {(p) => (
          <>
            <p class="breadcrumbs">
              <A href={`/app/clients/${p().client.id}`}>{p().client.name}</A> /
            </p>
            <ProjectHeading id={p().id} name={p().name} status={p().status} />
            <Show
              when={!history()}
              fallback={<ProjectHistory projectId={p().id} onClose={() => setHistory(false)} />}
            >
              <p>
                <button type="button" class="button button--secondary" onClick={() => setHistory(true)}>
                  History
                </button>
              </p>
              <Tabs label="Project" tabs={TABS} current={tab()} onSelect={setTab}>
                <Switch>
                  <Match when={tab() === 'overview'}>
                    <ProjectTimeline projectId={p().id} />
                  </Match>
                  <Match when={tab() === 'files'}>
                    <ProjectFiles projectId={p().id} />
                  </Match>
                  <Match when={tab() === 'invoices'}>
                    <ProjectInvoices projectId={p().id} />
                  </Match>
                  <Match when={tab() === 'tasks'}>
                    <ProjectTasks projectId={p().id} contacts={p().client.contacts} />
                  </Match>
                  <Match when={tab() === 'messages'}>
                    <Conversation projectId={p().id} viewer="member" />
                  </Match>
                </Switch>
              </Tabs>
            </Show>
          </>
        )}
      </Show>
    </QueryStatus>
  );
}

const STATUSES = [
  { value: 'ACTIVE', label: 'Active: its client sees it' },
  { value: 'COMPLETED', label: 'Completed: hidden from the client' },
  { value: 'ARCHIVED', label: 'Archived: hidden from the client' },
] as const;

function ProjectHeading(props: { id: string; name: string; status: string }): JSX.Element {
  const [editing, setEditing] = createSignal(false);
  const [moving, setStatus] = createMutation(SetProjectStatusMutation);
  let renameButton: HTMLButtonElement | undefined;
  const done = () => {
    setEditing(false);
    queueMicrotask(() => renameButton?.focus());
  };
  return (
    <>
      {/* The page keeps its heading while the name is edited. */}
      <div class="heading-row">
        <h1>{props.name}</h1>
        <Show when={!editing()}>
          <button
            type="button"
            class="button button--secondary"
            ref={renameButton}
            onClick={() => setEditing(true)}
          >
            Rename
          </button>
        </Show>
      </div>
      <Show when={editing()}>
        <ProjectRename id={props.id} name={props.name} onDone={done} />
      </Show>
      <Field label="Status">
        {(attributes) => (
          <select
            {...attributes}
            disabled={moving.fetching}
            onChange={(event) => setStatus({ id: props.id, status: event.currentTarget.value as 'ACTIVE' })}
          >
            <For each={STATUSES}>
              {(status) => (
                <option value={status.value} selected={status.value === props.status}>
                  {status.label}
                </option>
              )}
            </For>
          </select>
        )}
      </Field>
      <Show when={moving.error}>
        <ErrorNote error={moving.error} />
      </Show>
    </>
  );
}
