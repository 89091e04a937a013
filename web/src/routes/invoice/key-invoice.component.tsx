import { Navigate, useSearchParams } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createEffect, Match, onCleanup, Show, Switch, type JSX } from 'solid-js';
import { PortalFooter } from '../../components/footer.component';
import { ErrorNote, Loading } from '../../components/status.component';
import { usePageTitle } from '../../lib/page-title';
import { usePortal } from '../../lib/portal.context';
import { signInPath } from '../../lib/return-to';
import { errorCode, errorMessage } from '../../lib/urql';
import { CheckoutButton } from './checkout-button.component';
import { InvoiceSheet } from './invoice-sheet.component';
import { canPay, InvoiceByKeyQuery, PayInvoiceByKeyMutation } from './invoice.queries';
import { forgetInvoiceKey } from './invoice-key.memory';
import { KeyEnded } from './key-ended.component';

const POLL_EVERY_MS = 2_000;
const POLL_FOR_MS = 60_000;

/**
 * The invoice a key from an email opens: the workspace's brand, the invoice
 * and Pay, with no sign-in form; "Sign in to see all your projects" for more.
 * A key that no longer works says so and offers sign-in.
 */
export function KeyInvoice(props: { invoiceId: string; invoiceKey: string }): JSX.Element {
  const { portal, path, slug } = usePortal();
  const [search] = useSearchParams<{ checkout?: string }>();
  const [result, refetch] = createQuery({
    query: InvoiceByKeyQuery,
    variables: () => ({ key: props.invoiceKey }),
    requestPolicy: 'network-only',
  });
  const [, pay] = createMutation(PayInvoiceByKeyMutation);
  const invoice = () => result.data?.invoiceByKey ?? null;
  // A key that opens nothing is not kept: after signing in, this page asks the session.
  createEffect(() => {
    if (result.data && !invoice()) forgetInvoiceKey(props.invoiceId);
  });
  usePageTitle(() => [invoice() ? `Invoice ${invoice()!.number}` : 'Invoice']);

  // Back from Checkout: load again until the payment shows (Stripe's webhook may come a moment later).
  createEffect(() => {
    const current = invoice();
    if (search.checkout !== 'success' || !current || !canPay(current)) return;
    const until = Date.now() + POLL_FOR_MS;
    const timer = setInterval(() => {
      if (Date.now() > until) clearInterval(timer);
      else refetch({ requestPolicy: 'network-only' });
    }, POLL_EVERY_MS);
    onCleanup(() => clearInterval(timer));
  });

  const open = async () => {
    const answer = await pay({ key: props.invoiceKey });
    return {
      url: answer.data?.payInvoiceByKey.url,
      error: answer.error ? errorMessage(answer.error) : undefined,
    };
  };

  return (
    <Switch fallback={<Loading label="Loading the invoice…" />}>
      <Match when={result.error && !result.data}>
        <main class="centered">
          <Show
            when={errorCode(result.error) === 'TOO_MANY_REQUESTS'}
            fallback={
              <ErrorNote error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
            }
          >
            <ErrorNote error={result.error} />
          </Show>
        </main>
      </Match>
      <Match when={result.data && !invoice()}>
        <KeyEnded invoiceId={props.invoiceId} />
      </Match>
      <Match when={invoice() && invoice()!.portalSlug !== slug() && invoice()}>
        {(other) => (
          <Navigate
            href={`/p/${encodeURIComponent(other().portalSlug)}/invoices/${other().id}?key=${props.invoiceKey}`}
          />
        )}
      </Match>
      <Match when={invoice()}>
        {(current) => (
          <div class="key-page">
            <header class="portal-header">
              <span class="brand">
                <Show when={portal().branding.logoUrl}>
                  <img class="brand__logo" src={portal().branding.logoUrl!} alt="" />
                </Show>
                <span class="brand__name">{portal().branding.companyName}</span>
              </span>
              <a
                class="button button--secondary"
                href={signInPath(path, slug(), { next: path('/projects') })}
              >
                Sign in
              </a>
            </header>
            <main id="main" class="key-page__main" tabIndex={-1}>
              <Show when={search.checkout === 'success'}>
                <p class="notice notice--success" role="status">
                  {canPay(current())
                    ? 'Thank you! We are waiting for Stripe to confirm your payment. This updates by itself.'
                    : `Thank you! Your payment of invoice ${current().number} is received.`}
                </p>
              </Show>
              <Show when={search.checkout === 'cancelled'}>
                <p class="notice notice--info" role="status">
                  Payment cancelled, nothing was charged. You can pay whenever you are ready.
                </p>
              </Show>
              <InvoiceSheet
                invoice={current()}
                onlinePayment={portal().onlinePaymentEnabled}
                pay={<CheckoutButton invoice={current()} open={open} />}
              />
              <p class="key-page__signin">
                <a href={signInPath(path, slug(), { next: path('/projects') })}>
                  Sign in to see all your projects
                </a>
              </p>
            </main>
            <PortalFooter />
          </div>
        )}
      </Match>
    </Switch>
  );
}
