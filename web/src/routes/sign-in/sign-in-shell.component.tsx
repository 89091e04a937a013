import { Show, type JSX } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import { PortalFooter } from '../../components/footer.component';
import { usePortal } from '../../lib/portal.context';

/**
 * The sign-in pages' frame: the workspace's background image, logo and name
 * around a card. `preview`: drawn inside another page (the console's branding
 * preview), so no landmark or page heading of its own.
 */
export function SignInShell(props: { title: string; preview?: boolean; children: JSX.Element }): JSX.Element {
  const { portal } = usePortal();
  const brand = () => portal().branding;
  return (
    <div
      class="sign-in"
      classList={{ 'sign-in--preview': props.preview }}
      style={brand().backgroundImageUrl ? { 'background-image': `url("${brand().backgroundImageUrl}")` } : {}}
    >
      <Dynamic component={props.preview ? 'div' : 'main'} class="sign-in__card">
        <div class="sign-in__brand">
          <Show when={brand().logoUrl}>
            <img class="brand__logo brand__logo--large" src={brand().logoUrl!} alt="" />
          </Show>
          <p class="sign-in__company">{brand().companyName}</p>
        </div>
        <Dynamic component={props.preview ? 'p' : 'h1'} class={props.preview ? 'sign-in__title' : undefined}>
          {props.title}
        </Dynamic>
        {props.children}
      </Dynamic>
      <PortalFooter />
    </div>
  );
}
