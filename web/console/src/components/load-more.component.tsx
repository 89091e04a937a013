import { Show, type JSX } from 'solid-js';

/** "Load more" by the list's cursor, while there is more. */
export function LoadMore(props: {
  hasMore: boolean;
  loading: boolean;
  onMore: () => void;
  what: string;
}): JSX.Element {
  return (
    <Show when={props.hasMore}>
      <button
        type="button"
        class="button button--secondary load-more"
        onClick={props.onMore}
        disabled={props.loading}
      >
        {props.loading ? 'Loading…' : `Load more ${props.what}`}
      </button>
    </Show>
  );
}
