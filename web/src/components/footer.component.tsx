import { Show, type JSX } from 'solid-js';
import { usePortal } from '../lib/portal.context';

/** "Powered by Client Portal" only when the workspace does not show its own brand alone (whitelabel off). */
export function PortalFooter(): JSX.Element {
  const { portal } = usePortal();
  return (
    <Show when={!portal().branding.showYourBrand}>
      <footer class="portal-footer">
        Powered by <strong>Client Portal</strong>
      </footer>
    </Show>
  );
}
