import { createMutation } from '@urql/solid';
import { For, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../../components/status.component';
import { SetTaskStatusMutation, type Task, type TaskStatus } from './tasks.queries';

/** The moves a task can make from where it is. */
const MOVES: Record<TaskStatus, { to: TaskStatus; label: string; primary?: boolean }[]> = {
  TODO: [
    { to: 'DONE', label: 'Mark as done', primary: true },
    { to: 'IN_PROGRESS', label: 'Start' },
  ],
  IN_PROGRESS: [
    { to: 'DONE', label: 'Mark as done', primary: true },
    { to: 'TODO', label: 'Back to To do' },
  ],
  DONE: [{ to: 'TODO', label: 'Reopen' }],
};

/** Start, complete or reopen a task (clientsCanEdit). */
export function TaskStatusButtons(props: { task: Task; onMoved: (status: TaskStatus) => void }): JSX.Element {
  const [state, setStatus] = createMutation(SetTaskStatusMutation);
  const move = async (to: TaskStatus) => {
    const result = await setStatus({ id: props.task.id, status: to });
    if (!result.error) props.onMoved(to);
  };
  return (
    <>
      <div class="task__actions" aria-busy={state.fetching}>
        <For each={MOVES[props.task.status]}>
          {(action) => (
            <button
              type="button"
              class={action.primary ? 'button' : 'button button--secondary'}
              disabled={state.fetching}
              onClick={() => move(action.to)}
            >
              {action.label}
              <span class="visually-hidden">: {props.task.title}</span>
            </button>
          )}
        </For>
      </div>
      <Show when={state.error}>
        <ErrorNote error={state.error} />
      </Show>
    </>
  );
}
