import { Navigate } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { createEffect, Match, Switch, type JSX } from 'solid-js';
import { usePortal, ViewerContext } from '../lib/portal.context';
import { ViewerQuery, type ContactViewer } from '../lib/portal.queries';
import { currentPath, signInPath } from '../lib/return-to';
import { rememberSignedIn, takeSignedIn } from '../lib/session';
import { PortalFooter } from './footer.component';
import { PortalHeader } from './header.component';
import { ErrorNote, Loading } from './status.component';

/** A page for a signed-in contact of this portal: anyone else is sent to the sign-in page. */
export function SignedIn(props: { children: JSX.Element }): JSX.Element {
  const { path, slug } = usePortal();
  const [result, refetch] = createQuery({ query: ViewerQuery, requestPolicy: 'network-only' });
  const contact = () => {
    const viewer = result.data?.viewer;
    return viewer?.__typename === 'ContactViewer' && viewer.portal.slug === slug() ? viewer : null;
  };
  createEffect(() => {
    if (contact()) rememberSignedIn(slug());
  });
  /** Nobody signed in: a browser that had a session here is told it ended; the link brings them back here. */
  const signIn = () =>
    signInPath(path, slug(), {
      reason: takeSignedIn(slug()) ? 'session-ended' : undefined,
      next: currentPath(),
    });
  return (
    <Switch fallback={<Loading />}>
      <Match when={result.error && !result.data}>
        <main class="centered">
          <ErrorNote error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
        </main>
      </Match>
      <Match when={result.data && !contact()}>
        <Navigate href={signIn()} />
      </Match>
      <Match when={contact()}>
        {(viewer) => (
          <ViewerContext.Provider value={viewer as () => ContactViewer}>
            <div class="page">
              <PortalHeader />
              <main id="main" class="content" tabIndex={-1}>
                {props.children}
              </main>
              <PortalFooter />
            </div>
          </ViewerContext.Provider>
        )}
      </Match>
    </Switch>
  );
}
