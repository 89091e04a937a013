import type { CombinedError } from '@urql/core';
import { createSignal, createUniqueId, onMount, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../../components/status.component';
import { dueDateInput, splitError } from './task-fields';

export interface TaskFormValues {
  title: string;
  /** Trimmed; empty is no description. */
  description: string;
  /** yyyy-mm-dd, or empty for none. */
  dueDate: string;
}

const LABELS: Record<keyof TaskFormValues, string> = {
  title: 'Title',
  description: 'Description',
  dueDate: 'Due date',
};

/**
 * A task's title, description and due date: for a new task and for editing
 * one. `submit` sends them and answers the server's refusal, if any; its
 * field errors show under their fields, and focus goes to the first field at fault.
 */
export function TaskForm(props: {
  initial?: { title: string; description: string | null; dueDate: string | null };
  submitLabel: string;
  busyLabel: string;
  /** The error, or undefined when it worked (the caller then closes or clears the form). */
  submit: (values: TaskFormValues) => Promise<CombinedError | undefined>;
  onCancel?: () => void;
  /** Put the caret in the title when the form appears. */
  focusTitle?: boolean;
  /** Shown above the buttons (the new-task options). */
  children?: JSX.Element;
}): JSX.Element {
  const id = createUniqueId();
  const [title, setTitle] = createSignal(props.initial?.title ?? '');
  const [description, setDescription] = createSignal(props.initial?.description ?? '');
  const [dueDate, setDueDate] = createSignal(dueDateInput(props.initial?.dueDate));
  const [busy, setBusy] = createSignal(false);
  const [local, setLocal] = createSignal<Record<string, string>>({});
  const [error, setError] = createSignal<CombinedError>();
  const split = () => splitError(error(), LABELS);
  const fieldError = (name: keyof TaskFormValues) => local()[name] ?? split().fields[name];
  const fieldId = (name: keyof TaskFormValues) => `${id}-${name}`;
  const focusFirstError = () => {
    const name = (Object.keys(LABELS) as (keyof TaskFormValues)[]).find((n) => fieldError(n));
    if (name) document.getElementById(fieldId(name))?.focus();
  };

  onMount(() => {
    if (props.focusTitle) document.getElementById(fieldId('title'))?.focus();
  });

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    setError(undefined);
    if (!title().trim()) {
      setLocal({ title: 'Enter a title.' });
      focusFirstError();
      return;
    }
    setLocal({});
    setBusy(true);
    const refused = await props.submit({
      title: title(),
      description: description().trim(),
      dueDate: dueDate(),
    });
    setBusy(false);
    setError(refused);
    if (refused) focusFirstError();
    else if (!props.initial) {
      setTitle('');
      setDescription('');
      setDueDate('');
    }
  };

  const describedBy = (name: keyof TaskFormValues, hint?: string) =>
    [hint, fieldError(name) ? `${fieldId(name)}-error` : undefined].filter(Boolean).join(' ') || undefined;

  const FieldError = (p: { name: keyof TaskFormValues }) => (
    <Show when={fieldError(p.name)}>
      <p id={`${fieldId(p.name)}-error`} class="task-field__error">
        {fieldError(p.name)}
      </p>
    </Show>
  );

  return (
    <form
      class="form task-form"
      onSubmit={onSubmit}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && props.onCancel) {
          event.preventDefault();
          props.onCancel();
        }
      }}
      noValidate
    >
      <label for={fieldId('title')}>Title</label>
      <input
        id={fieldId('title')}
        name="title"
        value={title()}
        onInput={(event) => setTitle(event.currentTarget.value)}
        aria-invalid={fieldError('title') ? 'true' : undefined}
        aria-describedby={describedBy('title', `${id}-title-hint`)}
        autocomplete="off"
      />
      <p id={`${id}-title-hint`} class="task-field__hint">
        Up to 200 characters.
      </p>
      <FieldError name="title" />

      <label for={fieldId('description')}>
        Description <span class="task-field__optional">(optional)</span>
      </label>
      <textarea
        id={fieldId('description')}
        name="description"
        rows={3}
        value={description()}
        onInput={(event) => setDescription(event.currentTarget.value)}
        aria-invalid={fieldError('description') ? 'true' : undefined}
        aria-describedby={describedBy('description')}
      />
      <FieldError name="description" />

      <label for={fieldId('dueDate')}>
        Due date <span class="task-field__optional">(optional)</span>
      </label>
      <input
        id={fieldId('dueDate')}
        name="dueDate"
        type="date"
        class="task-form__date"
        value={dueDate()}
        onInput={(event) => setDueDate(event.currentTarget.value)}
        aria-invalid={fieldError('dueDate') ? 'true' : undefined}
        aria-describedby={describedBy('dueDate')}
      />
      <FieldError name="dueDate" />

      {props.children}

      <Show when={split().general}>
        <ErrorNote error={split().general} />
      </Show>
      <div class="task-form__buttons">
        <button type="submit" class="button" disabled={busy()}>
          {busy() ? props.busyLabel : props.submitLabel}
        </button>
        <Show when={props.onCancel}>
          <button type="button" class="button button--secondary" onClick={() => props.onCancel?.()}>
            Cancel
          </button>
        </Show>
      </div>
    </form>
  );
}
