import type { JSX } from 'solid-js';

/** The Billing tab (being built). */
export function BillingTab(props: { projectId: string }): JSX.Element {
  return <p data-project={props.projectId}>Billing</p>;
}
