import { Show, type JSX } from 'solid-js';
import { accentVariables } from '../../../../src/lib/brand';
import { PortalContext } from '../../../../src/lib/portal.context';
import { SignInShell } from '../../../../src/routes/sign-in/sign-in-shell.component';

export interface PreviewBranding {
  companyName: string;
  accentColor: string;
  showYourBrand: boolean;
  logoUrl: string | null;
  backgroundImageUrl: string | null;
}

/**
 * The portal's sign-in page, drawn by the portal's own component with the
 * branding as typed (before it is saved), and an email as the workers lay it
 * out: logo or name on top, the button in the accent colour, "Powered by"
 * unless the brand is shown alone.
 */
export function BrandingPreview(props: { branding: PreviewBranding; slug: string }): JSX.Element {
  const b = () => props.branding;
  const portal = () => ({
    slug: props.slug,
    enabled: true,
    onlinePaymentEnabled: true,
    branding: { ...b() },
  });
  return (
    <div class="branding-preview">
      <figure class="branding-preview__item" aria-label="Preview of the portal's sign-in page">
        <figcaption>The portal's sign-in page</figcaption>
        <div class="branding-preview__portal" style={accentVariables(b().accentColor)} inert>
          <PortalContext.Provider
            value={{
              slug: () => props.slug,
              portal,
              path: (rest) => `/p/${props.slug}${rest}`,
              resetClient: () => {},
            }}
          >
            <SignInShell title="Sign in" preview>
              <p>
                Enter the email address you use with us and we will send you a link to sign in. No password
                needed.
              </p>
              <p class="preview-field" aria-hidden="true">
                Email address
              </p>
              <span class="button">Email me a sign-in link</span>
            </SignInShell>
          </PortalContext.Provider>
        </div>
      </figure>
      <figure class="branding-preview__item" aria-label="Preview of an email">
        <figcaption>An email to a client</figcaption>
        <div class="email-preview" style={accentVariables(b().accentColor)} inert>
          <div class="email-preview__card">
            <div class="email-preview__header">
              <Show
                when={b().logoUrl}
                fallback={<span class="email-preview__company">{b().companyName}</span>}
              >
                <img src={b().logoUrl!} alt={b().companyName} class="email-preview__logo" />
              </Show>
            </div>
            <p class="email-preview__subject">Your sign-in link for {b().companyName}</p>
            <p>Hi Jane,</p>
            <p>Use the button below to sign in to the {b().companyName} client portal.</p>
            <span class="button">Sign in</span>
            <p class="email-preview__small">This link works once and expires in 15 minutes.</p>
            <Show when={!b().showYourBrand}>
              <p class="email-preview__powered">Powered by Client Portal</p>
            </Show>
          </div>
        </div>
      </figure>
    </div>
  );
}
