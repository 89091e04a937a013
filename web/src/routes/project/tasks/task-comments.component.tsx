import { createMutation } from '@urql/solid';
import { createSignal, createUniqueId, For, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../../components/status.component';
import { formatDateTime } from '../../../lib/format';
import { splitError } from './task-fields';
import { CommentOnTaskMutation, type Task } from './tasks.queries';

/** A task's comments, oldest first, and (when the workspace allows) a form to add one. */
export function TaskComments(props: {
  task: Task;
  canComment: boolean;
  onChanged: (message: string) => void;
}): JSX.Element {
  const id = createUniqueId();
  const [open, setOpen] = createSignal(false);
  const [body, setBody] = createSignal('');
  const [local, setLocal] = createSignal<string>();
  const [state, post] = createMutation(CommentOnTaskMutation);
  const split = () => splitError(state.error, { body: 'Your comment' });
  const bodyError = () => local() ?? split().fields.body;
  let opener: HTMLButtonElement | undefined;
  let field: HTMLTextAreaElement | undefined;

  const show = () => {
    setOpen(true);
    field?.focus();
  };
  const close = () => {
    setOpen(false);
    setLocal(undefined);
    opener?.focus();
  };
  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (state.fetching) return;
    if (!body().trim()) {
      setLocal('Write a comment first.');
      field?.focus();
      return;
    }
    setLocal(undefined);
    const result = await post({ taskId: props.task.id, body: body() });
    if (result.error) {
      field?.focus();
      return;
    }
    setBody('');
    close();
    props.onChanged('Comment posted.');
  };

  return (
    <Show when={props.task.comments.length > 0 || props.canComment}>
      <section class="task-comments" aria-labelledby={`${id}-heading`}>
        <h4 id={`${id}-heading`} class="task-comments__heading">
          Comments ({props.task.comments.length})
        </h4>
        <Show when={props.task.comments.length > 0}>
          <ol class="task-comments__list">
            <For each={props.task.comments}>
              {(comment) => (
                <li class="task-comment">
                  <p class="task-comment__meta">
                    <span class="task-comment__author">{comment.author.name}</span>{' '}
                    <time datetime={comment.createdAt}>{formatDateTime(comment.createdAt)}</time>
                  </p>
                  <p class="task-comment__body">{comment.body}</p>
                </li>
              )}
            </For>
          </ol>
        </Show>
        <Show when={props.canComment}>
          <Show when={!open()}>
            <button ref={opener} type="button" class="button button--secondary" onClick={show}>
              Add a comment
            </button>
          </Show>
          <Show when={open()}>
            <form
              class="form task-comments__form"
              onSubmit={onSubmit}
              onKeyDown={(event) => event.key === 'Escape' && close()}
            >
              <label for={`${id}-body`}>Your comment</label>
              <textarea
                ref={field}
                id={`${id}-body`}
                name="body"
                rows={3}
                value={body()}
                onInput={(event) => setBody(event.currentTarget.value)}
                aria-invalid={bodyError() ? 'true' : undefined}
                aria-describedby={bodyError() ? `${id}-body-error` : undefined}
              />
              <Show when={bodyError()}>
                <p id={`${id}-body-error`} class="task-field__error">
                  {bodyError()}
                </p>
              </Show>
              <Show when={split().general}>
                <ErrorNote error={split().general} />
              </Show>
              <div class="task-form__buttons">
                <button type="submit" class="button" disabled={state.fetching}>
                  {state.fetching ? 'Posting…' : 'Post comment'}
                </button>
                <button type="button" class="button button--secondary" onClick={close}>
                  Cancel
                </button>
              </div>
            </form>
          </Show>
        </Show>
      </section>
    </Show>
  );
}
