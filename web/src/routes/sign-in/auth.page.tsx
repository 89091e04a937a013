import { useNavigate, useSearchParams } from '@solidjs/router';
import type { CombinedError } from '@urql/core';
import { createMutation } from '@urql/solid';
import { createSignal, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../components/status.component';
import { usePortal } from '../../lib/portal.context';
import { errorCode, errorMessage } from '../../lib/urql';
import { EmailForm } from './email-form.component';
import { SignInShell } from './sign-in-shell.component';
import { SignInWithLoginLinkMutation } from './sign-in.queries';
import { usePageTitle } from '../../lib/page-title';
import { isReturnPath } from '../../lib/return-to';

/**
 * /p/SLUG/auth?token=…: opening the page uses nothing (mail scanners open
 * links too); the token is spent only when the person presses Continue.
 */
export function AuthPage(): JSX.Element {
  const { portal, path, resetClient, slug } = usePortal();
  const [search] = useSearchParams<{ token?: string; next?: string }>();
  const navigate = useNavigate();
  usePageTitle(() => ['Sign in']);
  const [state, signIn] = createMutation(SignInWithLoginLinkMutation);
  const [failure, setFailure] = createSignal<string | null>(
    search.token ? null : 'This sign-in link is incomplete.',
  );

  const proceed = async () => {
    const result = await signIn({ token: search.token ?? '' });
    if (result.error) {
      setFailure(errorCode(result.error) === 'UNAUTHENTICATED' ? errorMessage(result.error) : null);
      return;
    }
    resetClient();
    // Back where the person was going when they were asked to sign in, else their projects.
    navigate(isReturnPath(slug(), search.next) ? search.next : path('/projects'), { replace: true });
  };

  return (
    <Show
      when={!failure()}
      fallback={
        <SignInShellWithForm
          title="This link cannot be used"
          reason={failure()!}
          returnTo={isReturnPath(slug(), search.next) ? search.next : null}
        />
      }
    >
      <SignInShellWithButton
        company={portal().branding.companyName}
        busy={state.fetching}
        onContinue={proceed}
        error={state.error && !failure() ? state.error : undefined}
      />
    </Show>
  );
}

function SignInShellWithButton(props: {
  company: string;
  busy: boolean;
  onContinue: () => void;
  error?: CombinedError;
}): JSX.Element {
  return (
    <SignInShell title={`Welcome to ${props.company}`}>
      <p>Press the button to sign in on this device.</p>
      <Show when={props.error}>
        <ErrorNote error={props.error} />
      </Show>
      <button
        type="button"
        class="button button--wide"
        onClick={() => props.onContinue()}
        disabled={props.busy}
      >
        {props.busy ? 'Signing in…' : `Continue to ${props.company}`}
      </button>
    </SignInShell>
  );
}

function SignInShellWithForm(props: { title: string; reason: string; returnTo: string | null }): JSX.Element {
  return (
    <SignInShell title={props.title}>
      <p class="notice notice--warning" role="alert">
        {props.reason}
      </p>
      <p>Enter your email address to get a new link.</p>
      <EmailForm returnTo={props.returnTo} />
    </SignInShell>
  );
}
