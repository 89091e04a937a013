import type { JSX } from 'solid-js';

/** The Tasks tab (being built). */
export function TasksTab(props: { projectId: string }): JSX.Element {
  return <p data-project={props.projectId}>Tasks</p>;
}
