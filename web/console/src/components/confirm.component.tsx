import { createSignal, Show, type JSX } from 'solid-js';

/**
 * A destructive action asks first: the button turns into "really?" with Yes and Cancel, and says what follows.
 * "Yes, …" repeats the label with only its first letter lowered: names in it keep their capitals.
 */
export function ConfirmButton(props: {
  label: string;
  /** What happens, said before it does. */
  warning: string;
  confirmLabel?: string;
  busy?: boolean;
  onConfirm: () => void;
}): JSX.Element {
  const [asking, setAsking] = createSignal(false);
  return (
    <Show
      when={asking()}
      fallback={
        <button
          type="button"
          class="button button--danger"
          onClick={() => setAsking(true)}
          disabled={props.busy}
        >
          {props.label}
        </button>
      }
    >
      <div class="confirm" role="group" aria-label={props.label}>
        <p>{props.warning}</p>
        <button
          type="button"
          class="button button--danger"
          ref={(element) => queueMicrotask(() => element.focus())}
          onClick={() => {
            setAsking(false);
            props.onConfirm();
          }}
        >
          {props.confirmLabel ?? `Yes, ${props.label[0].toLowerCase()}${props.label.slice(1)}`}
        </button>
        <button type="button" class="button button--secondary" onClick={() => setAsking(false)}>
          Cancel
        </button>
      </div>
    </Show>
  );
}
