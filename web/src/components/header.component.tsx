import { A, useNavigate } from '@solidjs/router';
import { createMutation } from '@urql/solid';
import { Show, type JSX } from 'solid-js';
import { usePortal, useViewer } from '../lib/portal.context';
import { SignOutMutation } from '../lib/portal.queries';
import { endPreview } from '../lib/preview';
import { takeSignedIn } from '../lib/session';

/** Logo and company name (home), the contact's name and client, and sign-out. */
export function PortalHeader(): JSX.Element {
  const { portal, path, resetClient, slug } = usePortal();
  const viewer = useViewer();
  const navigate = useNavigate();
  const [signOut, runSignOut] = createMutation(SignOutMutation);
  const brand = () => portal().branding;

  const closePreview = () => {
    endPreview(slug());
    resetClient();
    window.close();
    navigate(path('/login'), { replace: true });
  };

  const onSignOut = async () => {
    await runSignOut({});
    takeSignedIn(slug());
    resetClient();
    navigate(path('/login?reason=signed-out'), { replace: true });
  };

  return (
    <>
      <Show when={viewer().previewBy}>
        <div class="preview-banner" role="status">
          <p>
            Preview: this is the portal as <strong>{viewer().contact.name}</strong> sees it. Read-only, and
            nothing is recorded as them.
          </p>
          <button type="button" class="button button--secondary" onClick={closePreview}>
            Close preview
          </button>
        </div>
      </Show>
      <header class="portal-header">
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <A href={path('/projects')} class="brand" end>
          <Show when={brand().logoUrl}>
            <img class="brand__logo" src={brand().logoUrl!} alt="" />
          </Show>
          <span class="brand__name">{brand().companyName}</span>
        </A>
        <div class="account">
          <span class="account__name">
            <span class="account__contact">{viewer().contact.name}</span>
            <span class="account__client">{viewer().client.name}</span>
          </span>
          <Show when={!viewer().previewBy}>
            <button
              type="button"
              class="button button--secondary"
              onClick={onSignOut}
              disabled={signOut.fetching}
            >
              Sign out
            </button>
          </Show>
        </div>
      </header>
    </>
  );
}
