import { For, Show, type JSX } from 'solid-js';
import { formatDate, formatMoney } from '../../../../src/lib/format';
import { TableScroll } from '../../components/table-scroll.component';

const quantity = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 });

interface Details {
  number: string;
  currency: string;
  notes: string | null;
  lineItems: {
    description: string;
    quantity: number;
    unitAmount: number;
    amount: number;
    taxRatePercent: number;
  }[];
  taxLines: { label: string; ratePercent: number; taxAmount: number }[];
  subtotal: number;
  total: number;
  amountPaid: number;
  amountDue: number;
  amountOverpaid: number;
  issuedAt: string | null;
  dueDate: string | null;
  paidAt: string | null;
  payments: { id: string; amount: number; method: string; receivedAt: string }[];
}

const METHODS: Record<string, string> = {
  stripe: 'Card (Stripe)',
  bank_transfer: 'Bank transfer',
  cash: 'Cash',
  check: 'Check',
};

/** A sent invoice as its client got it: the lines with their tax rate, the taxes by rate, the payments. */
export function InvoiceDetails(props: { invoice: Details }): JSX.Element {
  const i = () => props.invoice;
  const money = (minor: number) => formatMoney(minor, i().currency);
  return (
    <>
      <dl class="facts">
        <dt>Issued</dt>
        <dd>{i().issuedAt ? formatDate(i().issuedAt!) : 'Not yet'}</dd>
        <dt>Due</dt>
        <dd>{i().dueDate ? formatDate(i().dueDate!) : 'No due date'}</dd>
        <Show when={i().paidAt}>
          <dt>Paid</dt>
          <dd>{formatDate(i().paidAt!)}</dd>
        </Show>
      </dl>
      <TableScroll label="Line items">
        <table class="list-table">
          <caption class="visually-hidden">Line items of invoice {i().number}</caption>
          <thead>
            <tr>
              <th scope="col">Description</th>
              <th scope="col" class="number">
                Quantity
              </th>
              <th scope="col" class="number">
                Unit price
              </th>
              <th scope="col" class="number">
                Tax
              </th>
              <th scope="col" class="number">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={i().lineItems}>
              {(line) => (
                <tr>
                  <td>{line.description}</td>
                  <td class="number">{quantity.format(line.quantity)}</td>
                  <td class="number">{money(line.unitAmount)}</td>
                  <td class="number">{line.taxRatePercent}%</td>
                  <td class="number">{money(line.amount)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </TableScroll>
      <dl class="totals">
        <dt>Subtotal</dt>
        <dd>{money(i().subtotal)}</dd>
        <For each={i().taxLines}>
          {(tax) => (
            <>
              <dt>
                {tax.label} {tax.ratePercent}%
              </dt>
              <dd>{money(tax.taxAmount)}</dd>
            </>
          )}
        </For>
        <dt>Total</dt>
        <dd class="totals__total">{money(i().total)}</dd>
        <dt>Paid</dt>
        <dd>{money(i().amountPaid)}</dd>
        <dt>Due</dt>
        <dd class="totals__total">{money(i().amountDue)}</dd>
        <Show when={i().amountOverpaid > 0}>
          <dt>Overpaid</dt>
          <dd>{money(i().amountOverpaid)}</dd>
        </Show>
      </dl>
      <Show when={i().notes}>
        <p class="invoice-notes">{i().notes}</p>
      </Show>
      <section aria-labelledby="payments-heading">
        <h2 id="payments-heading">Payments</h2>
        <Show when={i().payments.length} fallback={<p class="muted">No payment yet.</p>}>
          <ul class="timeline-list">
            <For each={i().payments}>
              {(payment) => (
                <li>
                  {money(payment.amount)} by {METHODS[payment.method] ?? payment.method},{' '}
                  {formatDate(payment.receivedAt)}
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
    </>
  );
}
