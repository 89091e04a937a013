import { Route, Router, type RouteSectionProps } from '@solidjs/router';
import { Provider } from '@urql/solid';
import { createSignal, Show, type JSX } from 'solid-js';
import { ConsoleLayout } from './components/console-layout.component';
import { createConsoleClient } from './lib/console.client';
import { loginPathFor, rememberReturnTo } from './lib/return-to';
import { isSigningOut } from './lib/signing-out';
import { ActivityPage } from './routes/activity/activity.page';
import { NotificationsPage } from './routes/notifications/notifications.page';
import { ConsoleAuthPage } from './routes/auth.page';
import { ClientPage } from './routes/clients/client.page';
import { ClientsPage } from './routes/clients/clients.page';
import { ConsoleHomePage } from './routes/home.page';
import { InvoicePage } from './routes/invoices/invoice.page';
import { InvoicesPage } from './routes/invoices/invoices.page';
import { NewInvoicePage } from './routes/invoices/new-invoice.page';
import { ConsoleLoginPage } from './routes/login.page';
import { ProjectPage } from './routes/projects/project.page';
import { ProjectsPage } from './routes/projects/projects.page';
import { SettingsPage } from './routes/settings/settings.page';

/** The members' console: every page lives under /app/ (the service serves index.html there). */
export function ConsoleApp(): JSX.Element {
  const goToLogin = () => {
    if (isSigningOut()) return;
    if (location.pathname.startsWith('/app/login') || location.pathname.startsWith('/app/auth')) return;
    const here = location.pathname + location.search;
    rememberReturnTo(here);
    const to = new URL(loginPathFor(here), location.origin);
    to.searchParams.set('reason', 'session-ended');
    location.assign(to.pathname + to.search);
  };
  const [client, setClient] = createSignal(createConsoleClient(goToLogin));
  // A new client drops every cached answer: nothing of one session shows in the next.
  const resetClient = () => setClient(() => createConsoleClient(goToLogin));
  const Root = (props: RouteSectionProps) => (
    <Show when={client()} keyed>
      {(current) => <Provider value={current}>{props.children}</Provider>}
    </Show>
  );
  const SignedIn = (props: RouteSectionProps) => <ConsoleLayout {...props} resetClient={resetClient} />;
  return (
    <Router root={Root}>
      <Route path="/app/login" component={ConsoleLoginPage} />
      <Route path="/app/auth" component={() => <ConsoleAuthPage resetClient={resetClient} />} />
      <Route path="/app" component={SignedIn}>
        <Route path="/" component={ConsoleHomePage} />
        <Route path="/clients" component={ClientsPage} />
        <Route path="/clients/:id" component={ClientPage} />
        <Route path="/projects" component={ProjectsPage} />
        <Route path="/projects/:id" component={ProjectPage} />
        <Route path="/invoices" component={InvoicesPage} />
        <Route path="/invoices/new" component={NewInvoicePage} />
        <Route path="/invoices/:id" component={InvoicePage} />
        <Route path="/activity" component={ActivityPage} />
        <Route path="/notifications" component={NotificationsPage} />
        <Route path="/settings" component={SettingsPage} />
        <Route path="*" component={NotFound} />
      </Route>
    </Router>
  );
}

function NotFound(): JSX.Element {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        <a href="/app/">Go to the console's home</a>
      </p>
    </>
  );
}
