import { useParams, useSearchParams } from '@solidjs/router';
import { Show, type JSX } from 'solid-js';
import { SignedIn } from '../../components/signed-in.component';
import { keepInvoiceKey, recallInvoiceKey } from './invoice-key.memory';
import { KeyInvoice } from './key-invoice.component';
import { SessionInvoice } from './session-invoice.component';
import './invoice.css';

/**
 * /p/SLUG/invoices/:id?key=KEY: the invoice an email's key opens, with no
 * sign-in; without a key (or back from Checkout without it, in another tab),
 * the invoice for the signed-in contact, or sign-in that comes back here.
 */
export function InvoicePage(): JSX.Element {
  const params = useParams<{ id: string }>();
  const [search] = useSearchParams<{ key?: string }>();
  const key = () => {
    if (search.key) {
      keepInvoiceKey(params.id, search.key);
      return search.key;
    }
    return recallInvoiceKey(params.id);
  };
  return (
    <Show
      when={key()}
      keyed
      fallback={
        <SignedIn>
          <SessionInvoice invoiceId={params.id} />
        </SignedIn>
      }
    >
      {(invoiceKey) => <KeyInvoice invoiceId={params.id} invoiceKey={invoiceKey} />}
    </Show>
  );
}
