import { useSearchParams } from '@solidjs/router';
import { createEffect, createMemo, createSignal, Match, onCleanup, Show, Switch, type JSX } from 'solid-js';
import { formatMoney } from '../../../lib/format';
import type { BillingInvoice } from './billing.queries';
import { isPayable } from './billing.queries';
import { forgetCheckout, recallCheckout } from './checkout-memory';

const POLL_EVERY_MS = 2_000;
const POLL_FOR_MS = 60_000;

interface ReturnProps {
  projectId: string;
  /** The invoices as last loaded (newest first). */
  invoices: readonly BillingInvoice[];
  /** Load the invoices again from the server (network-only). */
  refresh(): void;
  /** Where focus goes once the notice is gone. */
  onDismiss(): void;
}

/** Back from Stripe Checkout (?checkout=success|cancelled): what happened, until the contact dismisses it. */
export function CheckoutReturn(props: ReturnProps): JSX.Element {
  const [search, setSearch] = useSearchParams<{ checkout?: string }>();
  const dismiss = () => {
    forgetCheckout(props.projectId);
    setSearch({ checkout: undefined }, { replace: true, scroll: false });
    props.onDismiss();
  };
  return (
    <Switch>
      <Match when={search.checkout === 'success'}>
        <CheckoutSucceeded {...props} dismiss={dismiss} />
      </Match>
      <Match when={search.checkout === 'cancelled'}>
        <CheckoutNotice tone="info" dismiss={dismiss}>
          <h2 class="checkout-notice__title">Payment cancelled, nothing was charged</h2>
          <p>You can pay whenever you are ready.</p>
        </CheckoutNotice>
      </Match>
    </Switch>
  );
}

function CheckoutNotice(props: {
  tone: 'info' | 'success';
  dismiss: () => void;
  children: JSX.Element;
}): JSX.Element {
  return (
    <div class={`notice notice--${props.tone} checkout-notice`}>
      <div class="checkout-notice__text" role="status">
        {props.children}
      </div>
      <button type="button" class="button button--secondary checkout-notice__dismiss" onClick={props.dismiss}>
        Dismiss
      </button>
    </div>
  );
}

/**
 * Stripe sends the contact back before its webhook may have reached the
 * portal: the invoices are loaded again every 2 s for up to a minute, until
 * the payment shows. Which payment: the invoice remembered when Pay was
 * pressed (its amount due must drop below what it was then); without that
 * memory (another tab, storage refused), any invoice that was open when the
 * page came back and now owes less.
 */
function CheckoutSucceeded(props: ReturnProps & { dismiss: () => void }): JSX.Element {
  const pending = recallCheckout(props.projectId);
  const baseline = new Map(props.invoices.filter(isPayable).map((i) => [i.id, i.amountDue] as const));

  const paid = createMemo((): BillingInvoice | 'unknown' | null => {
    if (pending) {
      const invoice = props.invoices.find((i) => i.id === pending.invoiceId);
      return invoice && (invoice.status === 'PAID' || invoice.amountDue < pending.amountDue) ? invoice : null;
    }
    if (baseline.size === 0) return 'unknown';
    return props.invoices.find((i) => baseline.has(i.id) && i.amountDue < baseline.get(i.id)!) ?? null;
  });

  const [timedOut, setTimedOut] = createSignal(false);
  let deadline = Date.now() + POLL_FOR_MS;
  createEffect(() => {
    if (paid() || timedOut()) return;
    const timer = setInterval(() => {
      if (Date.now() >= deadline) setTimedOut(true);
      else props.refresh();
    }, POLL_EVERY_MS);
    onCleanup(() => clearInterval(timer));
  });
  const checkAgain = () => {
    deadline = Date.now() + POLL_FOR_MS;
    setTimedOut(false);
    props.refresh();
  };
  const name = () => pending?.number ?? 'your invoice';

  return (
    <CheckoutNotice tone={paid() ? 'success' : 'info'} dismiss={props.dismiss}>
      <Switch>
        <Match when={paid()}>
          {(invoice) => (
            <>
              <h2 class="checkout-notice__title">Payment received</h2>
              <Show
                when={invoice() !== 'unknown' && (invoice() as BillingInvoice)}
                fallback={<p>Thank you!</p>}
              >
                {(paidInvoice) => (
                  <p>
                    Thank you!{' '}
                    {paidInvoice().amountDue > 0
                      ? `Your payment on ${paidInvoice().number} is recorded; ${formatMoney(paidInvoice().amountDue, paidInvoice().currency)} is still due.`
                      : `${paidInvoice().number} is paid in full.`}
                  </p>
                )}
              </Show>
            </>
          )}
        </Match>
        <Match when={timedOut()}>
          <h2 class="checkout-notice__title">Payment processing</h2>
          <p>
            Stripe has not confirmed the payment of {name()} yet. This can take a few minutes; you will not be
            charged twice.
          </p>
          <button type="button" class="button button--secondary" onClick={checkAgain}>
            Check again
          </button>
        </Match>
        <Match when={!paid()}>
          <h2 class="checkout-notice__title">
            <span class="spinner" aria-hidden="true" />
            Payment processing
          </h2>
          <p>
            Thank you! We are waiting for Stripe to confirm the payment of {name()}. This updates by itself.
          </p>
        </Match>
      </Switch>
    </CheckoutNotice>
  );
}
