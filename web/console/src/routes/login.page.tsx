import { useSearchParams } from '@solidjs/router';
import { createMutation } from '@urql/solid';
import { createEffect, createSignal, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../../src/components/status.component';
import { RequestMemberSignInLinkMutation } from '../console.queries';
import { safeReturnTo } from '../lib/return-to';
import { SignInCard } from './sign-in-card.component';

const REASONS: Record<string, string> = {
  'session-ended': 'Your session has ended. Sign in again to continue.',
  'signed-out': 'You have signed out.',
};

/** /app/login: a member's email, and the same answer whatever it is (the page never tells who is a member). */
export function ConsoleLoginPage(): JSX.Element {
  const [search] = useSearchParams<{ reason?: string; next?: string }>();
  const [email, setEmail] = createSignal('');
  const [sentTo, setSentTo] = createSignal<string | null>(null);
  const [state, request] = createMutation(RequestMemberSignInLinkMutation);
  createEffect(() => (document.title = 'Sign in · Console'));

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const address = email().trim();
    // The emailed link comes back to the page that sent them here, even opened in another browser.
    const result = await request({ email: address, returnTo: safeReturnTo(search.next) });
    if (!result.error) setSentTo(address);
  };

  return (
    <SignInCard title="Sign in to your console">
      <Show when={search.reason && REASONS[search.reason]}>
        <p class="notice notice--info" role="status">
          {REASONS[search.reason!]}
        </p>
      </Show>
      <Show
        when={!sentTo()}
        fallback={
          <div class="notice notice--success" role="status">
            <h2>Check your email</h2>
            <p>
              If <strong>{sentTo()}</strong> belongs to a team, a sign-in link is on its way, one for each
              workspace. Each link works once, for 15 minutes.
            </p>
            <button type="button" class="button button--link" onClick={() => setSentTo(null)}>
              Use another email
            </button>
          </div>
        }
      >
        <form class="form" onSubmit={submit}>
          <label for="email">Email address</label>
          <input
            id="email"
            name="email"
            type="email"
            autocomplete="email"
            required
            value={email()}
            onInput={(event) => setEmail(event.currentTarget.value)}
          />
          <Show when={state.error}>
            <ErrorNote error={state.error} />
          </Show>
          <button type="submit" class="button" disabled={state.fetching}>
            {state.fetching ? 'Sending…' : 'Email me a sign-in link'}
          </button>
        </form>
      </Show>
    </SignInCard>
  );
}
