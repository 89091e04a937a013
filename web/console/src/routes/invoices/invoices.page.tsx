import { A, useSearchParams } from '@solidjs/router';
import { For, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../../../src/components/status.component';
import { Field } from '../../components/field.component';
import { InvoiceRow, InvoiceTableHead } from '../../components/invoice-row.component';
import { LoadMore } from '../../components/load-more.component';
import { useConsoleTitle } from '../../components/page-title';
import { createPagedList } from '../../lib/paged-list';
import { InvoicesPageQuery } from './invoices.queries';
import { TableScroll } from '../../components/table-scroll.component';

const STATUSES = [
  { value: '', label: 'Every status' },
  { value: 'DRAFT', label: 'Drafts' },
  { value: 'SENT', label: 'Sent, unpaid' },
  { value: 'PARTIALLY_PAID', label: 'Partly paid' },
  { value: 'PAID', label: 'Paid' },
  { value: 'VOID', label: 'Void' },
] as const;
type Status = Exclude<(typeof STATUSES)[number]['value'], ''>;

/**
 * /app/invoices?status=…&overdue=1: the workspace's invoices, newest first, a
 * page at a time; filtered by status, or to those overdue. The filters live in
 * the address, so Home's "overdue" link and the back button land on them.
 */
export function InvoicesPage(): JSX.Element {
  useConsoleTitle(() => ['Invoices']);
  const [search, setSearch] = useSearchParams<{ status?: string; overdue?: string }>();
  const status = (): Status | null =>
    STATUSES.some((s) => s.value && s.value === search.status) ? (search.status as Status) : null;
  const overdue = () => search.overdue === '1';
  const list = createPagedList(
    InvoicesPageQuery,
    () => ({ status: status(), overdue: overdue() || null }),
    (data) => data.invoicesPage,
  );
  const empty = () =>
    overdue()
      ? 'No invoice is overdue.'
      : status()
        ? 'No invoice has this status.'
        : 'No invoices yet: create the first with New invoice.';
  return (
    <>
      <div class="heading-row">
        <h1>Invoices</h1>
        <A class="button" href="/app/invoices/new">
          New invoice
        </A>
      </div>
      <div class="toolbar">
        <Field label="Status">
          {(attributes) => (
            <select
              {...attributes}
              onChange={(event) => setSearch({ status: event.currentTarget.value || undefined })}
            >
              <For each={STATUSES}>
                {(s) => (
                  <option value={s.value} selected={(status() ?? '') === s.value}>
                    {s.label}
                  </option>
                )}
              </For>
            </select>
          )}
        </Field>
        <label class="checkbox">
          <input
            type="checkbox"
            checked={overdue()}
            onChange={(event) => setSearch({ overdue: event.currentTarget.checked ? '1' : undefined })}
          />
          Only overdue
        </label>
      </div>
      <Show when={list.error()}>
        <ErrorNote error={list.error()} retry={() => list.reload()} />
      </Show>
      <Show when={list.items().length || list.loading()} fallback={<p class="muted">{empty()}</p>}>
        <TableScroll label="Invoices">
          <table class="list-table" aria-busy={list.loading()}>
            <caption class="visually-hidden">
              Invoices{status() ? `, ${STATUSES.find((s) => s.value === status())!.label.toLowerCase()}` : ''}
              {overdue() ? ', overdue' : ''}
            </caption>
            <InvoiceTableHead />
            <tbody>
              <For each={list.items()}>{(invoice) => <InvoiceRow invoice={invoice} />}</For>
            </tbody>
          </table>
        </TableScroll>
      </Show>
      <LoadMore hasMore={list.hasMore()} loading={list.loading()} onMore={list.loadMore} what="invoices" />
    </>
  );
}
