import { useSearchParams } from '@solidjs/router';
import { createMutation } from '@urql/solid';
import { createEffect, Show, type JSX } from 'solid-js';
import { EmailLinkForm } from '../../../src/components/email-link-form.component';
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
  const [state, request] = createMutation(RequestMemberSignInLinkMutation);
  createEffect(() => (document.title = 'Sign in · Console'));

  return (
    <SignInCard title="Sign in to your console">
      <Show when={search.reason && REASONS[search.reason]}>
        <p class="notice notice--info" role="status">
          {REASONS[search.reason!]}
        </p>
      </Show>
      <EmailLinkForm
        state={state}
        // The emailed link comes back to the page that sent them here, even opened in another browser.
        request={(email) => request({ email, returnTo: safeReturnTo(search.next) })}
        sent={(address) => (
          <>
            If <strong>{address}</strong> belongs to a team, a sign-in link is on its way, one for each
            workspace. Each link works once, for 15 minutes.
          </>
        )}
      />
    </SignInCard>
  );
}
