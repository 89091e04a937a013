import type { JSX } from 'solid-js';

/** The Overview tab (being built). */
export function OverviewTab(props: { projectId: string }): JSX.Element {
  return <p data-project={props.projectId}>Overview</p>;
}
