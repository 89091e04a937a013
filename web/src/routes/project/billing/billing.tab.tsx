import { createQuery } from '@urql/solid';
import { createMemo, For, Show, type JSX } from 'solid-js';
import { QueryStatus } from '../../../components/status.component';
import { BillingSummary } from './billing-summary.component';
import { BillingQuery, newestFirst } from './billing.queries';
import { CheckoutReturn } from './checkout-return.component';
import { InvoiceCard } from './invoice-card.component';
import './billing.css';

/** The Billing tab: the project's invoices (never drafts), what is due, Pay, and the return from Checkout. */
export function BillingTab(props: { projectId: string }): JSX.Element {
  const [result, refetch] = createQuery({ query: BillingQuery, variables: () => ({ id: props.projectId }) });
  const invoices = createMemo(() => newestFirst(result.data?.project?.invoices ?? []));
  const refresh = () => refetch({ requestPolicy: 'network-only' });
  let heading: HTMLHeadingElement | undefined;

  return (
    <div class="billing">
      <QueryStatus result={result} refetch={refetch} loading="Loading invoices…">
        <CheckoutReturn
          projectId={props.projectId}
          invoices={invoices()}
          refresh={refresh}
          onDismiss={() => heading?.focus()}
        />
        <Show when={invoices().length > 0}>
          <BillingSummary invoices={invoices()} />
        </Show>
        <h2 class="billing__heading" ref={heading} tabIndex={-1}>
          Invoices
        </h2>
        <Show
          when={invoices().length > 0}
          fallback={
            <div class="empty">
              <p class="empty__title">No invoices yet</p>
              <p>Invoices for this project will show here once they are sent to you.</p>
            </div>
          }
        >
          <ul class="invoice-list">
            <For each={invoices()}>
              {(invoice) => (
                <li>
                  <InvoiceCard invoice={invoice} projectId={props.projectId} />
                </li>
              )}
            </For>
          </ul>
        </Show>
      </QueryStatus>
    </div>
  );
}
