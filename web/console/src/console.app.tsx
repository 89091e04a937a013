import { Route, Router, type RouteSectionProps } from '@solidjs/router';
import { Provider } from '@urql/solid';
import { createSignal, Show, type JSX } from 'solid-js';
import { createConsoleClient } from './lib/console.client';
import { ConsoleAuthPage } from './routes/auth.page';
import { ConsoleHomePage } from './routes/home.page';
import { ConsoleLoginPage } from './routes/login.page';

/** The members' console: every page lives under /app/ (the service serves index.html there). */
export function ConsoleApp(): JSX.Element {
  const goToLogin = () => {
    if (!location.pathname.startsWith('/app/login') && !location.pathname.startsWith('/app/auth'))
      location.assign('/app/login?reason=session-ended');
  };
  const [client, setClient] = createSignal(createConsoleClient(goToLogin));
  // A new client drops every cached answer: nothing of one session shows in the next.
  const resetClient = () => setClient(() => createConsoleClient(goToLogin));
  const Layout = (props: RouteSectionProps) => (
    <Show when={client()} keyed>
      {(current) => <Provider value={current}>{props.children}</Provider>}
    </Show>
  );
  return (
    <Router root={Layout}>
      <Route path="/app/login" component={ConsoleLoginPage} />
      <Route path="/app/auth" component={() => <ConsoleAuthPage resetClient={resetClient} />} />
      <Route path="/app/*" component={ConsoleHomePage} />
    </Router>
  );
}
