import { For, Show, type JSX } from 'solid-js';
import { TaskCard, type TaskCardActions } from './task-card.component';
import { STATUS_LABELS, STATUSES } from './task-status';
import type { Task } from './tasks.queries';

/** The tasks in three groups, To do, In progress and Done, each with its count. */
export function TaskBoard(props: { tasks: readonly Task[] } & TaskCardActions): JSX.Element {
  return (
    <div class="tasks__board">
      <For each={STATUSES}>
        {(status) => {
          const tasks = () => props.tasks.filter((task) => task.status === status);
          const headingId = `tasks-${status.toLowerCase()}`;
          return (
            <section class="tasks__group" aria-labelledby={headingId} data-status={status}>
              <h2 id={headingId} class="tasks__group-heading">
                {STATUS_LABELS[status]}{' '}
                <span class="badge tasks__count">
                  {tasks().length}
                  <span class="visually-hidden"> {tasks().length === 1 ? 'task' : 'tasks'}</span>
                </span>
              </h2>
              <Show when={tasks().length > 0} fallback={<p class="tasks__none">Nothing here.</p>}>
                <ul class="tasks__list">
                  <For each={tasks()}>
                    {(task) => (
                      <li>
                        <TaskCard
                          task={task}
                          canEdit={props.canEdit}
                          canComment={props.canComment}
                          viewerId={props.viewerId}
                          onChanged={props.onChanged}
                          takeFocus={props.takeFocus}
                        />
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </section>
          );
        }}
      </For>
    </div>
  );
}
