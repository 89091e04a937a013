import { createSignal, onCleanup, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../components/status.component';
import { formatMoney } from '../../lib/format';
import type { SheetInvoice } from './invoice.queries';

/**
 * Pay: asks for a Stripe Checkout session and sends the browser there; busy
 * until the page is gone (or comes back from the back-forward cache).
 */
export function CheckoutButton(props: {
  invoice: SheetInvoice;
  open: () => Promise<{ url?: string | null; error?: string }>;
}): JSX.Element {
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
    const answer = await props.open();
    if (!answer.url) {
      setError(answer.error ?? 'Checkout could not be opened. Please try again.');
      setBusy(false);
      return;
    }
    window.location.assign(answer.url);
  };

  return (
    <div class="invoice-sheet__pay">
      <button type="button" class="button button--wide" onClick={onPay} disabled={busy()} aria-busy={busy()}>
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
      <Show when={error()}>{(message) => <ErrorNote message={message()} />}</Show>
    </div>
  );
}
