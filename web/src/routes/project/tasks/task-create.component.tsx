import { createMutation } from '@urql/solid';
import { createSignal, Show, type JSX } from 'solid-js';
import { dueDateValue } from './task-fields';
import { TaskForm, type TaskFormValues } from './task-form.component';
import { CreateTaskMutation } from './tasks.queries';

/**
 * "Add a task" and its form (clientsCanCreate). With visibility ASSIGNED the
 * contact sees only tasks assigned to their client's people, so a new task
 * is assigned to them; otherwise they choose.
 */
export function TaskCreate(props: {
  projectId: string;
  viewerId: string;
  onlyAssigned: boolean;
  onCreated: (message: string, taskId: string) => void;
}): JSX.Element {
  const [open, setOpen] = createSignal(false);
  const [assignToMe, setAssignToMe] = createSignal(false);
  const [, create] = createMutation(CreateTaskMutation);
  let opener: HTMLButtonElement | undefined;

  const close = () => {
    setOpen(false);
    opener?.focus();
  };
  const submit = async (values: TaskFormValues) => {
    const result = await create({
      input: {
        projectId: props.projectId,
        title: values.title,
        description: values.description || null,
        dueDate: dueDateValue(values.dueDate),
        assigneeContactId: props.onlyAssigned || assignToMe() ? props.viewerId : null,
      },
    });
    if (result.error || !result.data) return result.error;
    setOpen(false);
    setAssignToMe(false);
    props.onCreated(`"${values.title.trim()}" added to To do.`, result.data.createTask.id);
    return undefined;
  };

  return (
    <Show
      when={open()}
      fallback={
        <button ref={opener} type="button" class="button tasks__add" onClick={() => setOpen(true)}>
          Add a task
        </button>
      }
    >
      <section class="card tasks__new" aria-labelledby="new-task-heading">
        <h2 id="new-task-heading">New task</h2>
        <TaskForm submitLabel="Add task" busyLabel="Adding…" submit={submit} onCancel={close} focusTitle>
          <Show
            when={!props.onlyAssigned}
            fallback={
              <p class="task-field__hint">The task will be assigned to you, so you can follow it here.</p>
            }
          >
            <label class="task-form__check">
              <input
                type="checkbox"
                checked={assignToMe()}
                onChange={(event) => setAssignToMe(event.currentTarget.checked)}
              />
              Assign it to me
            </label>
          </Show>
        </TaskForm>
      </section>
    </Show>
  );
}
