import { createMutation } from '@urql/solid';
import { createSignal, onCleanup, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../../components/status.component';
import { formatMoney } from '../../../lib/format';
import { errorMessage } from '../../../lib/urql';
import { PayInvoiceMutation, type BillingInvoice } from './billing.queries';
import { forgetCheckout, rememberCheckout } from './checkout-memory';

/**
 * Pay: asks the API for a Stripe Checkout session and sends the browser
 * there. The button stays busy until the page is gone (or comes back from
 * the browser's back-forward cache).
 */
export function PayButton(props: { invoice: BillingInvoice; projectId: string }): JSX.Element {
  const [, pay] = createMutation(PayInvoiceMutation);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  const onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted) setBusy(false);
  };
  window.addEventListener('pageshow', onPageShow);
  onCleanup(() => window.removeEventListener('pageshow', onPageShow));

  const onPay = async () => {
    if (busy()) return;
    setBusy(true);
    setError(null);
    const { invoice } = props;
    rememberCheckout(props.projectId, {
      invoiceId: invoice.id,
      number: invoice.number,
      amountDue: invoice.amountDue,
    });
    const result = await pay({ id: invoice.id });
    const url = result.data?.payInvoice.url;
    if (!url) {
      forgetCheckout(props.projectId);
      setError(result.error ? errorMessage(result.error) : 'Checkout could not be opened. Please try again.');
      setBusy(false);
      return;
    }
    window.location.assign(url);
  };

  return (
    <>
      <button type="button" class="button" onClick={onPay} disabled={busy()} aria-busy={busy()}>
        <Show
          when={busy()}
          fallback={
            <>
              Pay {formatMoney(props.invoice.amountDue, props.invoice.currency)}
              <span class="visually-hidden"> for {props.invoice.number}</span>
            </>
          }
        >
          <span class="spinner" aria-hidden="true" />
          Opening checkout…
        </Show>
      </button>
      <Show when={error()}>
        {(message) => (
          <div class="invoice-card__error">
            <ErrorNote message={message()} />
          </div>
        )}
      </Show>
    </>
  );
}
