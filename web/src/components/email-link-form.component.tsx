import type { CombinedError } from '@urql/core';
import { createSignal, Show, type JSX } from 'solid-js';
import { ErrorNote } from './status.component';

/**
 * An email form that asks for a sign-in link (the portal's and the console's).
 * Whatever the email, the answer is the same "check your email": the page
 * never tells whether an address has access. `sent` says what happens next.
 */
export function EmailLinkForm(props: {
  request: (email: string) => Promise<{ error?: CombinedError }>;
  state: { fetching: boolean; error?: CombinedError };
  sent: (address: string) => JSX.Element;
}): JSX.Element {
  const [email, setEmail] = createSignal('');
  const [sentTo, setSentTo] = createSignal<string | null>(null);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const address = email().trim();
    const result = await props.request(address);
    if (!result.error) setSentTo(address);
  };

  return (
    <Show
      when={!sentTo()}
      fallback={
        <div class="notice notice--success" role="status">
          <h2>Check your email</h2>
          <p>{props.sent(sentTo()!)}</p>
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
        <Show when={props.state.error}>
          <ErrorNote error={props.state.error} />
        </Show>
        <button type="submit" class="button" disabled={props.state.fetching}>
          {props.state.fetching ? 'Sending…' : 'Email me a sign-in link'}
        </button>
      </form>
    </Show>
  );
}
