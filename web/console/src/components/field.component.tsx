import { createUniqueId, Show, type JSX } from 'solid-js';

/** A labelled control with its hint and the server's refusal next to it (aria-describedby, aria-invalid). */
export function Field(props: {
  label: string;
  error?: string;
  hint?: string;
  children: (attributes: {
    id: string;
    'aria-describedby'?: string;
    'aria-invalid'?: boolean;
  }) => JSX.Element;
}): JSX.Element {
  const id = createUniqueId();
  const describedBy = () =>
    [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <Show when={props.hint}>
        <p class="field__hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      </Show>
      {props.children({
        id,
        'aria-describedby': describedBy(),
        'aria-invalid': props.error ? true : undefined,
      })}
      <Show when={props.error}>
        <p class="field__error" id={`${id}-error`}>
          {props.error}
        </p>
      </Show>
    </div>
  );
}
