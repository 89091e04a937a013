import { useLocation, useNavigate, useParams, type RouteSectionProps } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { createEffect, Match, on, Switch, type JSX } from 'solid-js';
import { accentVariables } from '../lib/brand';
import { PortalContext, type PortalState } from '../lib/portal.context';
import { PortalQuery, type PortalInfo } from '../lib/portal.queries';
import { currentPath, signInPath } from '../lib/return-to';
import { sessionEnded } from '../lib/session';
import { ErrorNote, Loading } from './status.component';

/**
 * Every page under /p/SLUG: loads the portal's branding, paints the accent
 * colour, titles the tab with the company's name, and sends the contact to
 * sign in when their session ends mid-use.
 */
export function PortalLayout(props: RouteSectionProps & { resetClient: () => void }): JSX.Element {
  const params = useParams<{ slug: string }>();
  const navigate = useNavigate();
  const location = useLocation();
  const [result, refetch] = createQuery({ query: PortalQuery, variables: () => ({ slug: params.slug }) });
  const path = (rest: string) => `/p/${encodeURIComponent(params.slug)}${rest}`;

  createEffect(
    on(
      sessionEnded,
      () => {
        // Already on the sign-in page (signed out just now, say): a query of the
        // session left behind that meets its end changes nothing there.
        if (location.pathname === path('/login')) return;
        props.resetClient();
        navigate(signInPath(path, params.slug, { reason: 'session-ended', next: currentPath() }), {
          replace: true,
        });
      },
      { defer: true },
    ),
  );
  // Pages set their own titles (usePageTitle); until then, and on the closed page, the company's name.
  createEffect(() => {
    const portal = result.data?.portal;
    if (portal && !portal.enabled) document.title = portal.branding.companyName;
    else if (result.data && !portal) document.title = 'Portal not found';
  });

  return (
    <Switch fallback={<Loading />}>
      <Match when={result.error && !result.data}>
        <main class="centered">
          <ErrorNote error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
        </main>
      </Match>
      <Match when={result.data && !result.data.portal}>
        <main class="centered">
          <h1>Portal not found</h1>
          <p>There is no client portal at this address. Check the link you were given.</p>
        </main>
      </Match>
      <Match when={result.data?.portal?.enabled === false && result.data.portal}>
        {(portal) => (
          <div class="portal" style={accentVariables(portal().branding.accentColor)}>
            <main class="centered">
              <h1>{portal().branding.companyName}</h1>
              <p>
                This client portal is turned off for now. Please contact {portal().branding.companyName}{' '}
                directly for your projects, documents and invoices.
              </p>
            </main>
          </div>
        )}
      </Match>
      <Match when={result.data?.portal}>
        {(portal) => {
          const state: PortalState = {
            slug: () => params.slug,
            portal: portal as () => PortalInfo,
            path,
            resetClient: props.resetClient,
          };
          return (
            <PortalContext.Provider value={state}>
              <div class="portal" style={accentVariables(portal().branding.accentColor)}>
                {props.children}
              </div>
            </PortalContext.Provider>
          );
        }}
      </Match>
    </Switch>
  );
}
