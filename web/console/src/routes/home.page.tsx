import { A } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { For, Show, type JSX } from 'solid-js';
import { QueryStatus } from '../../../src/components/status.component';
import { formatRelative } from '../../../src/lib/format';
import { InvoiceRow, InvoiceTableHead } from '../components/invoice-row.component';
import { useConsoleTitle } from '../components/page-title';
import { useConsole } from '../lib/console.context';
import { HomeQuery } from './home.queries';
import { NotificationsQuery } from './notifications/notifications.queries';
import { TableScroll } from '../components/table-scroll.component';

const WEEK = 7 * 86_400_000;

/** /app/: what needs attention — invoices overdue and due within a week, and what clients did lately. */
export function ConsoleHomePage(): JSX.Element {
  const { me } = useConsole();
  useConsoleTitle(() => ['Home']);
  const soon = new Date(Date.now() + WEEK).toISOString();
  const [home, refetch] = createQuery({ query: HomeQuery, variables: { soon } });
  const dueSoon = () =>
    (home.data?.dueSoon.edges ?? []).map((e) => e.node).filter((invoice) => !invoice.overdue);
  return (
    <>
      <h1>Home</h1>
      <p>
        Your clients' portal: <a href={me().workspace.portalUrl}>{me().workspace.portalUrl}</a>
        <Show when={!me().workspace.portalEnabled}>
          {' '}
          <strong>(turned off: clients cannot sign in)</strong>
        </Show>
      </p>
      <QueryStatus result={home} refetch={refetch} loading="Loading what needs attention…">
        <LatestUnread />
        <section aria-labelledby="overdue-heading">
          <h2 id="overdue-heading">Overdue invoices</h2>
          <Show when={home.data!.overdue.edges.length} fallback={<p class="muted">No invoice is overdue.</p>}>
            <TableScroll label="Overdue invoices">
              <table class="list-table">
                <InvoiceTableHead />
                <tbody>
                  <For each={home.data!.overdue.edges}>{(edge) => <InvoiceRow invoice={edge.node} />}</For>
                </tbody>
              </table>
            </TableScroll>
            <Show when={home.data!.overdue.pageInfo.hasNextPage}>
              <p>
                <A href="/app/invoices?overdue=1">Every overdue invoice</A>
              </p>
            </Show>
          </Show>
        </section>
        <section aria-labelledby="soon-heading">
          <h2 id="soon-heading">Due within a week</h2>
          <Show
            when={dueSoon().length}
            fallback={<p class="muted">Nothing falls due in the next seven days.</p>}
          >
            <TableScroll label="Invoices due within a week">
              <table class="list-table">
                <InvoiceTableHead />
                <tbody>
                  <For each={dueSoon()}>{(invoice) => <InvoiceRow invoice={invoice} />}</For>
                </tbody>
              </table>
            </TableScroll>
          </Show>
        </section>
        <section aria-labelledby="recent-heading">
          <h2 id="recent-heading">What clients did lately</h2>
          <Show
            when={home.data!.recent.edges.length}
            fallback={<p class="muted">No client has done anything yet.</p>}
          >
            <ul class="activity-list">
              <For each={home.data!.recent.edges}>
                {(edge) => (
                  <li>
                    <span>{edge.node.summary}</span>{' '}
                    <span class="muted">
                      <Show
                        when={edge.node.projectId}
                        fallback={<A href={`/app/clients/${edge.node.clientId}`}>{edge.node.clientName}</A>}
                      >
                        <A href={`/app/projects/${edge.node.projectId}`}>{edge.node.projectName}</A>
                      </Show>{' '}
                      · <time datetime={edge.node.occurredAt}>{formatRelative(edge.node.occurredAt)}</time>
                    </span>
                  </li>
                )}
              </For>
            </ul>
            <p>
              <A href="/app/activity">All activity</A>
            </p>
          </Show>
        </section>
      </QueryStatus>
    </>
  );
}

/** The latest unread notifications first on Home, each linking to where it happened. */
function LatestUnread(): JSX.Element {
  const [result] = createQuery({
    query: NotificationsQuery,
    variables: { first: 5, unreadOnly: true },
    requestPolicy: 'cache-and-network',
  });
  const page = () => result.data?.notifications;
  return (
    <section aria-labelledby="unread-heading">
      <h2 id="unread-heading">Unread notifications</h2>
      <Show
        when={page()?.edges.length}
        fallback={<p class="muted">{result.fetching ? 'Loading…' : 'Nothing new from your clients.'}</p>}
      >
        <ul class="activity-list">
          <For each={page()!.edges}>
            {(edge) => (
              <li>
                <A href={edge.node.link}>{edge.node.summary}</A>{' '}
                <span class="muted">{formatRelative(edge.node.occurredAt)}</span>
              </li>
            )}
          </For>
        </ul>
        <p>
          <A href="/app/notifications?unread=1">Every unread notification ({page()!.unreadCount})</A>
        </p>
      </Show>
    </section>
  );
}
