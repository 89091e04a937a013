import { A } from '@solidjs/router';
import { For, Show, type JSX } from 'solid-js';
import { InvoiceRow, InvoiceTableHead } from '../../components/invoice-row.component';
import { LoadMore } from '../../components/load-more.component';
import { createPagedList } from '../../lib/paged-list';
import { InvoicesPageQuery } from '../invoices/invoices.queries';
import { RecurringList } from '../invoices/recurring.component';
import { TableScroll } from '../../components/table-scroll.component';

/** The project's invoices, newest first, and a new one. */
export function ProjectInvoices(props: { projectId: string }): JSX.Element {
  const list = createPagedList(
    InvoicesPageQuery,
    () => ({ projectId: props.projectId }),
    (data) => data.invoicesPage,
  );
  return (
    <>
      <div class="heading-row">
        <h2>Invoices</h2>
        <A class="button" href={`/app/invoices/new?projectId=${props.projectId}`}>
          New invoice
        </A>
      </div>
      <Show when={list.items().length} fallback={<p class="muted">No invoices on this project yet.</p>}>
        <TableScroll label="The project's invoices">
          <table class="list-table">
            <InvoiceTableHead />
            <tbody>
              <For each={list.items()}>{(invoice) => <InvoiceRow invoice={invoice} />}</For>
            </tbody>
          </table>
        </TableScroll>
      </Show>
      <LoadMore hasMore={list.hasMore()} loading={list.loading()} onMore={list.loadMore} what="invoices" />
      <RecurringList projectId={props.projectId} />
    </>
  );
}
