import { useSearchParams } from '@solidjs/router';
import { Show, type JSX } from 'solid-js';
import { SIGN_IN_REASONS, type SignInReason } from '../../lib/session';
import { EmailForm } from './email-form.component';
import { SignInShell } from './sign-in-shell.component';
import { usePageTitle } from '../../lib/page-title';
import { usePortal } from '../../lib/portal.context';
import { isReturnPath } from '../../lib/return-to';

/** /p/SLUG/login: ask for a sign-in link; says why when the contact was sent here. */
export function LoginPage(): JSX.Element {
  const [search] = useSearchParams<{ reason?: string; next?: string }>();
  const { slug } = usePortal();
  const next = () => (isReturnPath(slug(), search.next) ? search.next : null);
  usePageTitle(() => ['Sign in']);
  const reason = () => SIGN_IN_REASONS[search.reason as SignInReason] as string | undefined;
  return (
    <SignInShell title="Sign in">
      <Show when={reason()}>
        <p class="notice notice--info" role="status">
          {reason()}
        </p>
      </Show>
      <p>
        Enter the email address you use with us and we will send you a link to sign in. No password needed.
      </p>
      <EmailForm returnTo={next()} />
    </SignInShell>
  );
}
