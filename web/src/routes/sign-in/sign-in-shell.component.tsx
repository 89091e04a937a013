import { Show, type JSX } from 'solid-js';
import { PortalFooter } from '../../components/footer.component';
import { usePortal } from '../../lib/portal.context';

/** The sign-in pages' frame: the workspace's background image, logo and name around a card. */
export function SignInShell(props: { title: string; children: JSX.Element }): JSX.Element {
  const { portal } = usePortal();
  const brand = () => portal().branding;
  return (
    <div
      class="sign-in"
      style={brand().backgroundImageUrl ? { 'background-image': `url("${brand().backgroundImageUrl}")` } : {}}
    >
      <main class="sign-in__card">
        <div class="sign-in__brand">
          <Show when={brand().logoUrl}>
            <img class="brand__logo brand__logo--large" src={brand().logoUrl!} alt="" />
          </Show>
          <p class="sign-in__company">{brand().companyName}</p>
        </div>
        <h1>{props.title}</h1>
        {props.children}
      </main>
      <PortalFooter />
    </div>
  );
}
