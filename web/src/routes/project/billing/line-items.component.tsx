import { For, Show, type JSX } from 'solid-js';
import { formatMoney } from '../../../lib/format';
import type { BillingInvoice } from './billing.queries';

const quantity = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 });

/** The invoice's lines in a disclosure: three columns, so it fits a 360 px phone. */
export function LineItems(props: { invoice: BillingInvoice }): JSX.Element {
  const money = (minor: number) => formatMoney(minor, props.invoice.currency);
  const count = () => props.invoice.lineItems.length;
  return (
    <details class="line-items">
      <summary>
        Line items ({count()} {count() === 1 ? 'line' : 'lines'})
      </summary>
      <div class="line-items__scroll">
        <table class="line-items__table">
          <caption class="visually-hidden">Line items of invoice {props.invoice.number}</caption>
          <thead>
            <tr>
              <th scope="col">Description</th>
              <th scope="col" class="num">
                Qty × unit
              </th>
              <th scope="col" class="num">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.invoice.lineItems}>
              {(line) => (
                <tr>
                  <td class="line-items__description">{line.description}</td>
                  <td class="num">
                    {quantity.format(line.quantity)} × {money(line.unitAmount)}
                  </td>
                  <td class="num">{money(line.amount)}</td>
                </tr>
              )}
            </For>
          </tbody>
          <tfoot>
            <Show when={props.invoice.taxAmount !== 0}>
              <tr>
                <th scope="row" colSpan={2}>
                  Subtotal
                </th>
                <td class="num">{money(props.invoice.subtotal)}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={2}>
                  Tax
                </th>
                <td class="num">{money(props.invoice.taxAmount)}</td>
              </tr>
            </Show>
            <tr>
              <th scope="row" colSpan={2}>
                Total
              </th>
              <td class="num">{money(props.invoice.total)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <Show when={props.invoice.notes}>
        <p class="line-items__notes">{props.invoice.notes}</p>
      </Show>
    </details>
  );
}
