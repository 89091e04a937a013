import type { CombinedError } from '@urql/core';
import { Show, type JSX } from 'solid-js';
import { errorMessage } from '../lib/urql';

/** A quiet "Loading…" line that screen readers announce. */
export function Loading(props: { label?: string }): JSX.Element {
  return (
    <p class="status status--loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {props.label ?? 'Loading…'}
    </p>
  );
}

/** What went wrong, and a way to try again when there is one. */
export function ErrorNote(props: {
  error?: CombinedError;
  message?: string;
  retry?: () => void;
}): JSX.Element {
  return (
    <div class="status status--error" role="alert">
      <p>{props.message ?? errorMessage(props.error)}</p>
      <Show when={props.retry}>
        <button type="button" class="button button--secondary" onClick={() => props.retry?.()}>
          Try again
        </button>
      </Show>
    </div>
  );
}
