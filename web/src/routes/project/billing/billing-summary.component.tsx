import { For, Show, type JSX } from 'solid-js';
import { formatMoney } from '../../../lib/format';
import { isPayable, type BillingInvoice } from './billing.queries';

interface CurrencyTotal {
  currency: string;
  due: number;
  overdue: number;
  count: number;
}

/** What is owed now, one line per currency (amounts in different currencies never add up). */
function totals(invoices: readonly BillingInvoice[]): CurrencyTotal[] {
  const byCurrency = new Map<string, CurrencyTotal>();
  for (const invoice of invoices.filter(isPayable)) {
    const total = byCurrency.get(invoice.currency) ?? {
      currency: invoice.currency,
      due: 0,
      overdue: 0,
      count: 0,
    };
    total.due += invoice.amountDue;
    total.count += 1;
    if (invoice.overdue) total.overdue += invoice.amountDue;
    byCurrency.set(invoice.currency, total);
  }
  return [...byCurrency.values()];
}

export function BillingSummary(props: { invoices: readonly BillingInvoice[] }): JSX.Element {
  const lines = () => totals(props.invoices);
  return (
    <section class="card billing-summary" aria-label="Billing summary">
      <Show
        when={lines().length > 0}
        fallback={<p class="billing-summary__clear">Nothing is due. Thank you!</p>}
      >
        <ul class="billing-summary__list">
          <For each={lines()}>
            {(line) => (
              <li>
                <span class="billing-summary__label">Due now</span>{' '}
                <strong class="billing-summary__amount">{formatMoney(line.due, line.currency)}</strong>{' '}
                <span class="billing-summary__detail">
                  ({line.count} {line.count === 1 ? 'invoice' : 'invoices'}
                  <Show when={line.overdue > 0}>, {formatMoney(line.overdue, line.currency)} overdue</Show>)
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
