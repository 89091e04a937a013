import { createMutation } from '@urql/solid';
import { createSignal, createUniqueId, onMount, Show, type JSX } from 'solid-js';
import { formatDate, formatDateTime } from '../../../lib/format';
import { TaskComments } from './task-comments.component';
import { dueDateValue, isOverdue } from './task-fields';
import { TaskForm, type TaskFormValues } from './task-form.component';
import { STATUS_LABELS } from './task-status';
import { TaskStatusButtons } from './task-status-buttons.component';
import { UpdateTaskMutation, type Task } from './tasks.queries';

export interface TaskCardActions {
  canEdit: boolean;
  canComment: boolean;
  /** The signed-in contact, to say "you". */
  viewerId: string;
  /** After a change: says it to screen readers, refreshes the list, and moves focus to `focusId`'s card. */
  onChanged: (message: string, focusId?: string) => void;
  /** Whether this task's card should take focus now it is shown (once). */
  takeFocus: (taskId: string) => boolean;
}

/** One task: what it is, who has it, its due date and comments; edit and move it when allowed. */
export function TaskCard(props: { task: Task } & TaskCardActions): JSX.Element {
  const id = createUniqueId();
  const [editing, setEditing] = createSignal(false);
  const [, update] = createMutation(UpdateTaskMutation);
  let card: HTMLElement | undefined;
  let editButton: HTMLButtonElement | undefined;
  onMount(() => {
    if (props.takeFocus(props.task.id)) card?.focus();
  });

  const done = () => props.task.status === 'DONE';
  const who = (actor: { id?: string | null; name: string }) =>
    actor.id === props.viewerId ? `${actor.name} (you)` : actor.name;
  const stopEditing = () => {
    setEditing(false);
    editButton?.focus();
  };
  const save = async (values: TaskFormValues) => {
    const result = await update({
      id: props.task.id,
      input: {
        title: values.title,
        description: values.description || null,
        dueDate: dueDateValue(values.dueDate),
      },
    });
    if (result.error) return result.error;
    stopEditing();
    props.onChanged(`Changes to "${values.title.trim()}" saved.`);
    return undefined;
  };

  return (
    <article ref={card} class="task card" aria-labelledby={`${id}-title`} tabIndex={-1}>
      <div class="task__head">
        <h3 id={`${id}-title`} class="task__title">
          {props.task.title}
        </h3>
        <Show when={props.canEdit && !editing()}>
          <button
            ref={editButton}
            type="button"
            class="button button--link task__edit-button"
            onClick={() => setEditing(true)}
          >
            Edit<span class="visually-hidden">: {props.task.title}</span>
          </button>
        </Show>
      </div>
      <Show when={props.task.description}>
        <p class="task__description">{props.task.description}</p>
      </Show>
      <dl class="task__meta">
        <Show when={props.task.dueDate}>
          <div>
            <dt>Due</dt>
            <dd>
              <time datetime={props.task.dueDate!}>{formatDate(props.task.dueDate)}</time>
              <Show when={isOverdue(props.task.dueDate, done())}>
                {' '}
                <span class="badge task__overdue">Overdue</span>
              </Show>
            </dd>
          </div>
        </Show>
        <div>
          <dt>Assigned to</dt>
          <dd>{props.task.assignee ? who(props.task.assignee) : 'Nobody yet'}</dd>
        </div>
        <div>
          <dt>Added by</dt>
          <dd>
            {who(props.task.createdBy)},{' '}
            <time datetime={props.task.createdAt}>{formatDateTime(props.task.createdAt)}</time>
          </dd>
        </div>
        <Show when={done() && props.task.completedAt}>
          <div>
            <dt>Completed</dt>
            <dd>
              <time datetime={props.task.completedAt!}>{formatDateTime(props.task.completedAt)}</time>
            </dd>
          </div>
        </Show>
      </dl>

      <Show when={props.canEdit}>
        <Show
          when={editing()}
          fallback={
            <TaskStatusButtons
              task={props.task}
              onMoved={(to) =>
                props.onChanged(`"${props.task.title}" moved to ${STATUS_LABELS[to]}.`, props.task.id)
              }
            />
          }
        >
          <div class="task__edit">
            <h4 class="visually-hidden">Edit the task</h4>
            <TaskForm
              initial={props.task}
              submitLabel="Save changes"
              busyLabel="Saving…"
              submit={save}
              onCancel={stopEditing}
              focusTitle
            />
          </div>
        </Show>
      </Show>

      <TaskComments task={props.task} canComment={props.canComment} onChanged={props.onChanged} />
    </article>
  );
}
