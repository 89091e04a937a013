import type { CombinedError } from '@urql/core';
import type { OperationContext } from '@urql/core';
import { Match, Show, Switch, type JSX } from 'solid-js';
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

/**
 * A query's first answer: its error with Try again (asking the network, not
 * the cache), or a loading line, until data is there; then the children.
 */
export function QueryStatus(props: {
  result: { data?: unknown; error?: CombinedError };
  refetch: (context?: Partial<OperationContext>) => void;
  loading: string;
  children: JSX.Element;
}): JSX.Element {
  return (
    <Switch>
      <Match when={props.result.error && !props.result.data}>
        <ErrorNote
          error={props.result.error}
          retry={() => props.refetch({ requestPolicy: 'network-only' })}
        />
      </Match>
      <Match when={!props.result.data}>
        <Loading label={props.loading} />
      </Match>
      <Match when={props.result.data}>{props.children}</Match>
    </Switch>
  );
}
