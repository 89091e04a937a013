import { Show, type JSX } from 'solid-js';
import type { BillingInvoice } from './billing.queries';

const LABELS: Record<BillingInvoice['status'], string> = {
  DRAFT: 'Draft',
  SENT: 'Sent',
  PARTIALLY_PAID: 'Partially paid',
  PAID: 'Paid',
  VOID: 'Void',
};

/** The invoice's status in words (the colour only repeats it), and an Overdue mark beside it. */
export function StatusBadge(props: { status: BillingInvoice['status']; overdue: boolean }): JSX.Element {
  return (
    <span class="invoice-badges">
      <span class={`badge invoice-badge invoice-badge--${props.status.toLowerCase().replace('_', '-')}`}>
        {LABELS[props.status]}
      </span>
      <Show when={props.overdue}>
        <span class="badge invoice-badge invoice-badge--overdue">Overdue</span>
      </Show>
    </span>
  );
}
