import { Navigate, Route, Router, useParams, type RouteSectionProps } from '@solidjs/router';
import { Provider } from '@urql/solid';
import { createSignal, Show, type JSX } from 'solid-js';
import { PortalLayout } from './components/portal-layout.component';
import { markSessionEnded } from './lib/session';
import { createPortalClient } from './lib/urql';
import { InvoicePage } from './routes/invoice/invoice.page';
import { ProjectPage } from './routes/project/project.page';
import { ProjectsPage } from './routes/projects/projects.page';
import { AuthPage } from './routes/sign-in/auth.page';
import { LoginPage } from './routes/sign-in/login.page';
import { PreviewPage } from './routes/sign-in/preview.page';

/** The portal: every page lives under /p/SLUG/ (the service serves index.html there). */
export function App(): JSX.Element {
  const [client, setClient] = createSignal(createPortalClient(markSessionEnded));
  // A new client drops every cached answer: nothing of one session shows in the next.
  const resetClient = () => setClient(() => createPortalClient(markSessionEnded));
  const Layout = (props: RouteSectionProps) => (
    <Show when={client()} keyed>
      {(current) => (
        <Provider value={current}>
          <PortalLayout {...props} resetClient={resetClient} />
        </Provider>
      )}
    </Show>
  );
  return (
    <Router>
      <Route path="/p/:slug" component={Layout}>
        <Route path="/" component={ToProjects} />
        <Route path="/login" component={LoginPage} />
        <Route path="/auth" component={AuthPage} />
        <Route path="/preview" component={PreviewPage} />
        <Route path="/projects" component={ProjectsPage} />
        <Route path="/projects/:id" component={ProjectPage} />
        <Route path="/invoices/:id" component={InvoicePage} />
        <Route path="*" component={NotFound} />
      </Route>
      <Route path="*" component={NoPortal} />
    </Router>
  );
}

function ToProjects(): JSX.Element {
  const params = useParams<{ slug: string }>();
  return <Navigate href={`/p/${encodeURIComponent(params.slug)}/projects`} />;
}

function NotFound(): JSX.Element {
  const params = useParams<{ slug: string }>();
  return (
    <main class="centered">
      <h1>Page not found</h1>
      <p>
        <a href={`/p/${encodeURIComponent(params.slug)}/projects`}>Go to your projects</a>
      </p>
    </main>
  );
}

function NoPortal(): JSX.Element {
  return (
    <main class="centered">
      <h1>Client portal</h1>
      <p>Open the link your freelancer or agency sent you: it names their portal.</p>
    </main>
  );
}
