import { For, Show, type JSX } from 'solid-js';
import { formatDate, formatMoney } from '../../lib/format';
import { StatusBadge } from '../project/billing/status-badge.component';
import { canPay, type SheetInvoice } from './invoice.queries';

const quantity = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 });
const rate = (label: string, percent: number) => `${label} ${percent}%`;

/**
 * One invoice in full, as its PDF has it: status, dates, lines with their
 * tax rate, the totals per rate, paid and due, payments, notes, how to pay,
 * the PDF, and (in `pay`) the way to pay it now.
 */
export function InvoiceSheet(props: {
  invoice: SheetInvoice;
  onlinePayment: boolean;
  pay?: JSX.Element;
}): JSX.Element {
  const money = (minor: number) => formatMoney(minor, props.invoice.currency);
  const open = () => canPay(props.invoice);
  return (
    <article class="card invoice-sheet" aria-labelledby="invoice-title" data-invoice={props.invoice.number}>
      <header class="invoice-sheet__head">
        <h1 id="invoice-title" class="invoice-sheet__title">
          Invoice {props.invoice.number}
        </h1>
        <StatusBadge status={props.invoice.status} overdue={props.invoice.overdue} />
      </header>

      <dl class="invoice-sheet__facts">
        <div>
          <dt>Total</dt>
          <dd class="invoice-sheet__total">{money(props.invoice.total)}</dd>
        </div>
        <Show when={props.invoice.status !== 'VOID'}>
          <div>
            <dt>Amount due</dt>
            <dd class="invoice-sheet__due">{money(props.invoice.amountDue)}</dd>
          </div>
        </Show>
        <Show when={props.invoice.issuedAt}>
          <div>
            <dt>Issued</dt>
            <dd>{formatDate(props.invoice.issuedAt)}</dd>
          </div>
        </Show>
        <Show when={props.invoice.dueDate && open()}>
          <div>
            <dt>Due</dt>
            <dd classList={{ 'invoice-card__late': props.invoice.overdue }}>
              {formatDate(props.invoice.dueDate)}
            </dd>
          </div>
        </Show>
        <Show when={props.invoice.status === 'PAID' && props.invoice.paidAt}>
          <div>
            <dt>Paid on</dt>
            <dd>{formatDate(props.invoice.paidAt)}</dd>
          </div>
        </Show>
      </dl>

      <Show when={open()}>
        <Show
          when={props.onlinePayment}
          fallback={
            <p class="invoice-sheet__offline">
              Online payment is not available: please pay as the invoice says below.
            </p>
          }
        >
          {props.pay}
        </Show>
      </Show>

      <div class="line-items__scroll">
        <table class="line-items__table invoice-sheet__lines">
          <caption class="visually-hidden">Line items of invoice {props.invoice.number}</caption>
          <thead>
            <tr>
              <th scope="col">Description</th>
              <th scope="col" class="num">
                Qty × unit
              </th>
              <th scope="col" class="num">
                Tax
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
                  <td class="num">{rate(line.taxLabel, line.taxRatePercent)}</td>
                  <td class="num">{money(line.amount)}</td>
                </tr>
              )}
            </For>
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                Subtotal
              </th>
              <td class="num">{money(props.invoice.subtotal)}</td>
            </tr>
            <For each={props.invoice.taxLines}>
              {(tax) => (
                <tr>
                  <th scope="row" colSpan={3}>
                    {rate(tax.label, tax.ratePercent)} on {money(tax.taxableAmount)}
                  </th>
                  <td class="num">{money(tax.taxAmount)}</td>
                </tr>
              )}
            </For>
            <tr>
              <th scope="row" colSpan={3}>
                Total
              </th>
              <td class="num">{money(props.invoice.total)}</td>
            </tr>
            <Show when={props.invoice.amountPaid > 0}>
              <tr>
                <th scope="row" colSpan={3}>
                  Paid
                </th>
                <td class="num">{money(props.invoice.amountPaid)}</td>
              </tr>
            </Show>
          </tfoot>
        </table>
      </div>

      <Show when={props.invoice.payments.length > 0}>
        <h2 class="invoice-sheet__section">Payments</h2>
        <ul class="invoice-sheet__payments">
          <For each={props.invoice.payments}>
            {(payment) => (
              <li>
                {formatDate(payment.receivedAt)} · {payment.method.replace('_', ' ')} ·{' '}
                {money(payment.amount)}
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={props.invoice.notes}>
        <h2 class="invoice-sheet__section">Notes</h2>
        <p class="invoice-sheet__text">{props.invoice.notes}</p>
      </Show>
      <Show when={open() && props.invoice.paymentInstructions}>
        <h2 class="invoice-sheet__section">{props.onlinePayment ? 'Other ways to pay' : 'How to pay'}</h2>
        <p class="invoice-sheet__text">{props.invoice.paymentInstructions}</p>
      </Show>
      <p class="invoice-sheet__actions">
        <a
          class="button button--secondary"
          href={props.invoice.pdfUrl}
          download={`${props.invoice.number}.pdf`}
        >
          Download PDF<span class="visually-hidden"> of {props.invoice.number}</span>
        </a>
      </p>
    </article>
  );
}
