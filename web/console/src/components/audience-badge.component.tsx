import { Show, type JSX } from 'solid-js';

/** Whether the client's contacts see an entry in their portal now, in words. */
export function AudienceBadge(props: { visibleToClient: boolean }): JSX.Element {
  return (
    <Show when={props.visibleToClient} fallback={<span class="badge">Members only</span>}>
      <span class="badge badge--shared">The client sees this</span>
    </Show>
  );
}
