import { createMutation } from '@urql/solid';
import type { JSX } from 'solid-js';
import { EmailLinkForm } from '../../components/email-link-form.component';
import { usePortal } from '../../lib/portal.context';
import { RequestLoginLinkMutation } from './sign-in.queries';

/** The portal's email form: a link to this portal, coming back to `returnTo` after. */
export function EmailForm(props: { returnTo?: string | null }): JSX.Element {
  const { slug } = usePortal();
  const [state, request] = createMutation(RequestLoginLinkMutation);
  return (
    <EmailLinkForm
      state={state}
      request={(email) => request({ slug: slug(), email, returnTo: props.returnTo ?? null })}
      sent={(address) => (
        <>
          If <strong>{address}</strong> may use this portal, a sign-in link is on its way. The link works
          once, for 15 minutes.
        </>
      )}
    />
  );
}
