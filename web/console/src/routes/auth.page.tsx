import { useNavigate, useSearchParams } from '@solidjs/router';
import { createMutation } from '@urql/solid';
import { createEffect, createSignal, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../../src/components/status.component';
import { errorCode, errorMessage } from '../../../src/lib/urql';
import { SignInMemberMutation } from '../console.queries';
import { takeReturnTo } from '../lib/return-to';
import { SignInCard } from './sign-in-card.component';

/**
 * /app/auth?token=…: a member's sign-in or invitation link. Opening the page
 * uses nothing (mail scanners open links too); the token is spent only when
 * the person presses Continue.
 */
export function ConsoleAuthPage(props: { resetClient: () => void }): JSX.Element {
  const [search] = useSearchParams<{ token?: string; next?: string }>();
  const navigate = useNavigate();
  const [state, signIn] = createMutation(SignInMemberMutation);
  const [failure, setFailure] = createSignal<string | null>(
    search.token ? null : 'This sign-in link is incomplete.',
  );
  createEffect(() => (document.title = 'Sign in · Console'));

  const proceed = async () => {
    const result = await signIn({ token: search.token ?? '' });
    if (result.error) {
      setFailure(errorCode(result.error) === 'UNAUTHENTICATED' ? errorMessage(result.error) : null);
      return;
    }
    props.resetClient();
    navigate(takeReturnTo(search.next), { replace: true });
  };

  return (
    <Show
      when={!failure()}
      fallback={
        <SignInCard title="This link cannot be used">
          <p class="notice notice--warning" role="alert">
            {failure()}
          </p>
          <p>
            <a href="/app/login">Ask for a new sign-in link</a>
          </p>
        </SignInCard>
      }
    >
      <SignInCard title="Welcome back">
        <p>Press the button to sign in to the console on this device.</p>
        <Show when={state.error && !failure()}>
          <ErrorNote error={state.error} />
        </Show>
        <button type="button" class="button button--wide" onClick={proceed} disabled={state.fetching}>
          {state.fetching ? 'Signing in…' : 'Continue to the console'}
        </button>
      </SignInCard>
    </Show>
  );
}
