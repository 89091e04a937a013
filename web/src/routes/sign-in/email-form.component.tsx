import { createMutation } from '@urql/solid';
import { createSignal, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../components/status.component';
import { usePortal } from '../../lib/portal.context';
import { RequestLoginLinkMutation } from './sign-in.queries';

/**
 * The email form. Whatever the email, the answer is the same "check your
 * email" message: the page never tells whether an address has access.
 */
export function EmailForm(props: { returnTo?: string | null }): JSX.Element {
  const { slug } = usePortal();
  const [email, setEmail] = createSignal('');
  const [sentTo, setSentTo] = createSignal<string | null>(null);
  const [state, request] = createMutation(RequestLoginLinkMutation);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const address = email().trim();
    const result = await request({ slug: slug(), email: address, returnTo: props.returnTo ?? null });
    if (!result.error) setSentTo(address);
  };

  return (
    <Show
      when={!sentTo()}
      fallback={
        <div class="notice notice--success" role="status">
          <h2>Check your email</h2>
          <p>
            If <strong>{sentTo()}</strong> may use this portal, a sign-in link is on its way. The link works
            once, for 15 minutes.
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
  );
}
