import { Show, type JSX } from 'solid-js';
import { formatDate, formatMoney } from '../../../lib/format';
import { usePortal } from '../../../lib/portal.context';
import { isPayable, type BillingInvoice } from './billing.queries';
import { LineItems } from './line-items.component';
import { PayButton } from './pay-button.component';
import { StatusBadge } from './status-badge.component';

/** One invoice: number, status, the sums and dates, its lines, the PDF, and Pay when it can take one. */
export function InvoiceCard(props: { invoice: BillingInvoice; projectId: string }): JSX.Element {
  const { portal } = usePortal();
  const money = (minor: number) => formatMoney(minor, props.invoice.currency);
  const headingId = () => `invoice-${props.invoice.id}`;
  return (
    <article
      class="card invoice-card"
      classList={{ 'invoice-card--overdue': props.invoice.overdue }}
      aria-labelledby={headingId()}
      data-invoice={props.invoice.number}
    >
      <header class="invoice-card__head">
        <h3 id={headingId()} class="invoice-card__number">
          {props.invoice.number}
        </h3>
        <StatusBadge status={props.invoice.status} overdue={props.invoice.overdue} />
      </header>
      <dl class="invoice-card__facts">
        <div>
          <dt>Total</dt>
          <dd class="invoice-card__total">{money(props.invoice.total)}</dd>
        </div>
        <Show when={props.invoice.amountPaid > 0 && props.invoice.status !== 'PAID'}>
          <div>
            <dt>Paid</dt>
            <dd>{money(props.invoice.amountPaid)}</dd>
          </div>
        </Show>
        <Show when={props.invoice.status !== 'VOID'}>
          <div>
            <dt>Amount due</dt>
            <dd class="invoice-card__due">{money(props.invoice.amountDue)}</dd>
          </div>
        </Show>
        <Show when={props.invoice.issuedAt}>
          <div>
            <dt>Issued</dt>
            <dd>{formatDate(props.invoice.issuedAt)}</dd>
          </div>
        </Show>
        <Show when={props.invoice.status === 'PAID' && props.invoice.paidAt}>
          <div>
            <dt>Paid on</dt>
            <dd>{formatDate(props.invoice.paidAt)}</dd>
          </div>
        </Show>
        <Show
          when={props.invoice.dueDate && props.invoice.status !== 'PAID' && props.invoice.status !== 'VOID'}
        >
          <div>
            <dt>Due</dt>
            <dd classList={{ 'invoice-card__late': props.invoice.overdue }}>
              {formatDate(props.invoice.dueDate)}
            </dd>
          </div>
        </Show>
      </dl>
      <Show when={isPayable(props.invoice) && !portal().onlinePaymentEnabled}>
        <p class="invoice-card__offline">
          Please pay by the payment instructions on the invoice (see the PDF).
        </p>
      </Show>
      <div class="invoice-card__actions">
        <Show when={isPayable(props.invoice) && portal().onlinePaymentEnabled}>
          <PayButton invoice={props.invoice} projectId={props.projectId} />
        </Show>
        <a
          class="button button--secondary"
          href={`/invoices/${props.invoice.id}.pdf`}
          download={`${props.invoice.number}.pdf`}
        >
          Download PDF<span class="visually-hidden"> of {props.invoice.number}</span>
        </a>
      </div>
      <LineItems invoice={props.invoice} />
    </article>
  );
}
