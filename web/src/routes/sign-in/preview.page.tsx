import { Navigate } from '@solidjs/router';
import { Show, type JSX } from 'solid-js';
import { usePortal } from '../../lib/portal.context';
import { beginPreview } from '../../lib/preview';

/** /p/SLUG/preview#token=…: a member's preview link from the console; the token stays in this tab. */
export function PreviewPage(): JSX.Element {
  const { slug, path, resetClient } = usePortal();
  const started = beginPreview(slug(), location.hash);
  if (started) resetClient();
  return (
    <Show
      when={started}
      fallback={
        <main class="centered">
          <h1>This preview link is incomplete</h1>
          <p>Open the preview again from the console.</p>
        </main>
      }
    >
      <Navigate href={path('/projects')} />
    </Show>
  );
}
