import { A } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { Match, Switch, type JSX } from 'solid-js';
import { QueryStatus } from '../../components/status.component';
import { usePageTitle } from '../../lib/page-title';
import { usePortal } from '../../lib/portal.context';
import { errorMessage } from '../../lib/urql';
import { CheckoutButton } from './checkout-button.component';
import { InvoiceSheet } from './invoice-sheet.component';
import { InvoiceByIdQuery, PayInvoiceByIdMutation } from './invoice.queries';

/** The invoice's page for a signed-in contact (after signing in from an email, say). */
export function SessionInvoice(props: { invoiceId: string }): JSX.Element {
  const { portal, path } = usePortal();
  const [result, refetch] = createQuery({
    query: InvoiceByIdQuery,
    variables: () => ({ id: props.invoiceId }),
  });
  const [, pay] = createMutation(PayInvoiceByIdMutation);
  usePageTitle(() => [result.data?.invoice ? `Invoice ${result.data.invoice.number}` : 'Invoice']);
  const open = async () => {
    const answer = await pay({ id: props.invoiceId });
    return { url: answer.data?.payInvoice.url, error: answer.error ? errorMessage(answer.error) : undefined };
  };
  return (
    <QueryStatus result={result} refetch={refetch} loading="Loading the invoice…">
      <Switch>
        <Match when={!result.data?.invoice}>
          <h1>Invoice not found</h1>
          <p>
            This invoice does not exist or is no longer shared with you.{' '}
            <A href={path('/projects')}>Your projects</A>
          </p>
        </Match>
        <Match when={result.data?.invoice}>
          {(invoice) => (
            <InvoiceSheet
              invoice={invoice()}
              onlinePayment={portal().onlinePaymentEnabled}
              pay={<CheckoutButton invoice={invoice()} open={open} />}
            />
          )}
        </Match>
      </Switch>
    </QueryStatus>
  );
}
