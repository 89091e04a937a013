import type { JSX } from 'solid-js';

/** A wide table that scrolls sideways on a phone: a named region the keyboard can reach and scroll. */
export function TableScroll(props: { label: string; children: JSX.Element }): JSX.Element {
  return (
    <div class="table-scroll" role="region" aria-label={props.label} tabIndex={0}>
      {props.children}
    </div>
  );
}
