import type { JSX } from 'solid-js';
import { usePageTitle } from '../../lib/page-title';
import { usePortal } from '../../lib/portal.context';
import { EmailForm } from '../sign-in/email-form.component';
import { SignInShell } from '../sign-in/sign-in-shell.component';

/** A key unknown or used up: says so, and signs the contact in to the same invoice instead. */
export function KeyEnded(props: { invoiceId: string }): JSX.Element {
  const { path } = usePortal();
  usePageTitle(() => ['Link no longer works']);
  return (
    <SignInShell title="This invoice link no longer works">
      <p class="notice notice--warning" role="alert">
        The link may be for an invoice that was voided or paid a while ago, or your access to this portal has
        changed.
      </p>
      <p>Sign in to see your invoices: enter your email address and we will send you a sign-in link.</p>
      <EmailForm returnTo={path(`/invoices/${props.invoiceId}`)} />
    </SignInShell>
  );
}
