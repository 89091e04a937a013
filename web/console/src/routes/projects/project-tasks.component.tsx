import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { ErrorNote, QueryStatus } from '../../../../src/components/status.component';
import { formatDate } from '../../../../src/lib/format';
import { TaskComments } from '../../../../src/routes/project/tasks/task-comments.component';
import { TaskStatusButtons } from '../../../../src/routes/project/tasks/task-status-buttons.component';
import { CreateTaskMutation, UpdateTaskMutation } from '../../../../src/routes/project/tasks/tasks.queries';
import '../../../../src/routes/project/tasks/tasks.css';
import { Field } from '../../components/field.component';
import { fieldError, formError } from '../../lib/field-error';
import { ConsoleTasksQuery } from './projects.queries';
import { STATUSES, STATUS_LABELS } from '../../../../src/routes/project/tasks/task-status';

type Contact = { id: string; name: string };

/** The project's tasks: create, assign to a contact, share or keep internal, status, comments, due dates. */
export function ProjectTasks(props: { projectId: string; contacts: readonly Contact[] }): JSX.Element {
  const [result, refetch] = createQuery({
    query: ConsoleTasksQuery,
    variables: () => ({ id: props.projectId }),
  });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const tasks = () => result.data?.project?.tasks ?? [];
  return (
    <>
      <h2>Tasks</h2>
      <QueryStatus result={result} refetch={refetch} loading="Loading the tasks…">
        <Show when={tasks().length} fallback={<p class="muted">No tasks on this project yet.</p>}>
          <For each={STATUSES}>
            {(status) => (
              <section aria-label={STATUS_LABELS[status]}>
                <h3>
                  {STATUS_LABELS[status]} ({tasks().filter((t) => t.status === status).length})
                </h3>
                <ul class="card-list">
                  <For each={tasks().filter((t) => t.status === status)}>
                    {(task) => (
                      <li class="card task">
                        <TaskEditor task={task} contacts={props.contacts} onSaved={reload} />
                        <TaskStatusButtons task={task} onMoved={reload} />
                        <TaskComments task={task} canComment onChanged={reload} />
                      </li>
                    )}
                  </For>
                </ul>
              </section>
            )}
          </For>
        </Show>
      </QueryStatus>
      <NewTask projectId={props.projectId} contacts={props.contacts} onCreated={reload} />
    </>
  );
}

interface TaskData {
  id: string;
  title: string;
  description: string | null;
  dueDate: string | null;
  sharedWithClient: boolean;
  assignee: { kind: string; id: string | null; name: string } | null;
}

/** yyyy-mm-dd of an ISO date, for a date input; and back to the ISO noon of that day (no time zone surprises). */
const dayOf = (iso: string | null) => (iso ? iso.slice(0, 10) : '');
const isoOf = (day: string) => (day ? `${day}T12:00:00.000Z` : null);

function TaskFields(props: {
  values: { title: string; description: string; due: string; assignee: string; shared: boolean };
  set: (key: string, value: string | boolean) => void;
  contacts: readonly Contact[];
  error?: Parameters<typeof fieldError>[0];
}): JSX.Element {
  return (
    <>
      <Field label="Title" error={fieldError(props.error, 'input.title')}>
        {(attributes) => (
          <input
            {...attributes}
            value={props.values.title}
            onInput={(event) => props.set('title', event.currentTarget.value)}
          />
        )}
      </Field>
      <Field label="Description" error={fieldError(props.error, 'input.description')}>
        {(attributes) => (
          <textarea
            {...attributes}
            rows={3}
            value={props.values.description}
            onInput={(event) => props.set('description', event.currentTarget.value)}
          />
        )}
      </Field>
      <Field label="Due date" error={fieldError(props.error, 'input.dueDate')}>
        {(attributes) => (
          <input
            {...attributes}
            type="date"
            value={props.values.due}
            onInput={(event) => props.set('due', event.currentTarget.value)}
          />
        )}
      </Field>
      <Field label="Assigned to" error={fieldError(props.error, 'input.assigneeContactId')}>
        {(attributes) => (
          <select {...attributes} onChange={(event) => props.set('assignee', event.currentTarget.value)}>
            <option value="" selected={!props.values.assignee}>
              Nobody
            </option>
            <For each={props.contacts}>
              {(contact) => (
                <option value={contact.id} selected={props.values.assignee === contact.id}>
                  {contact.name}
                </option>
              )}
            </For>
          </select>
        )}
      </Field>
      <label class="checkbox">
        <input
          type="checkbox"
          checked={props.values.shared}
          onChange={(event) => props.set('shared', event.currentTarget.checked)}
        />
        Shared with the client (as the portal's task settings allow); unticked, it stays internal
      </label>
    </>
  );
}

function TaskEditor(props: {
  task: TaskData;
  contacts: readonly Contact[];
  onSaved: () => void;
}): JSX.Element {
  const [editing, setEditing] = createSignal(false);
  const initial = () => ({
    title: props.task.title,
    description: props.task.description ?? '',
    due: dayOf(props.task.dueDate),
    assignee: props.task.assignee?.kind === 'CONTACT' ? (props.task.assignee.id ?? '') : '',
    shared: props.task.sharedWithClient,
  });
  const [values, setValues] = createSignal(initial());
  const [state, update] = createMutation(UpdateTaskMutation);
  const set = (key: string, value: string | boolean) => setValues((v) => ({ ...v, [key]: value }));
  return (
    <Show
      when={editing()}
      fallback={
        <>
          <p class="card__title">{props.task.title}</p>
          <Show when={props.task.description}>
            <p>{props.task.description}</p>
          </Show>
          <p class="muted">
            {props.task.assignee ? `Assigned to ${props.task.assignee.name}` : 'Not assigned'}
            {props.task.dueDate ? ` · due ${formatDate(props.task.dueDate)}` : ''} ·{' '}
            {props.task.sharedWithClient ? 'shared with the client' : 'internal'}
          </p>
          <button
            type="button"
            class="button button--secondary"
            onClick={() => {
              setValues(initial());
              setEditing(true);
            }}
          >
            Edit
          </button>
        </>
      }
    >
      <form
        class="form"
        aria-label={`Edit ${props.task.title}`}
        onSubmit={async (event) => {
          event.preventDefault();
          const v = values();
          const answer = await update({
            id: props.task.id,
            input: {
              title: v.title,
              description: v.description,
              dueDate: isoOf(v.due),
              assigneeContactId: v.assignee || null,
              sharedWithClient: v.shared,
            },
          });
          if (answer.error) return;
          setEditing(false);
          props.onSaved();
        }}
      >
        <Show when={formError(state.error, ['input'])}>
          <ErrorNote error={state.error} />
        </Show>
        <TaskFields values={values()} set={set} contacts={props.contacts} error={state.error} />
        <div class="actions">
          <button type="submit" class="button" disabled={state.fetching}>
            Save
          </button>
          <button type="button" class="button button--secondary" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </div>
      </form>
    </Show>
  );
}

function NewTask(props: {
  projectId: string;
  contacts: readonly Contact[];
  onCreated: () => void;
}): JSX.Element {
  const empty = { title: '', description: '', due: '', assignee: '', shared: true };
  const [values, setValues] = createSignal(empty);
  const [state, create] = createMutation(CreateTaskMutation);
  const set = (key: string, value: string | boolean) => setValues((v) => ({ ...v, [key]: value }));
  return (
    <form
      class="form panel"
      aria-labelledby="new-task"
      onSubmit={async (event) => {
        event.preventDefault();
        const v = values();
        const answer = await create({
          input: {
            projectId: props.projectId,
            title: v.title,
            description: v.description || null,
            dueDate: isoOf(v.due),
            assigneeContactId: v.assignee || null,
            sharedWithClient: v.shared,
          },
        });
        if (answer.error) return;
        setValues(empty);
        props.onCreated();
      }}
    >
      <h3 id="new-task">New task</h3>
      <Show when={formError(state.error, ['input'])}>
        <ErrorNote error={state.error} />
      </Show>
      <TaskFields values={values()} set={set} contacts={props.contacts} error={state.error} />
      <button type="submit" class="button" disabled={state.fetching}>
        Add the task
      </button>
    </form>
  );
}
