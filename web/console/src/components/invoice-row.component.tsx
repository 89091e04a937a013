import { A } from '@solidjs/router';
import type { JSX } from 'solid-js';
import { StatusBadge } from '../../../src/routes/project/billing/status-badge.component';
import '../../../src/routes/project/billing/billing.css';
import { formatDate, formatMoney } from '../../../src/lib/format';
import type { InvoiceRowData } from './invoice-row.queries';

/** One invoice in a list: number (its page), client and project, status in words, total, due and when. */
export function InvoiceRow(props: { invoice: InvoiceRowData }): JSX.Element {
  const i = () => props.invoice;
  return (
    <tr class={i().overdue ? 'row--overdue' : undefined}>
      <td>
        <A href={`/app/invoices/${i().id}`}>{i().number}</A>
      </td>
      <td>
        {i().project.client.name}
        <br />
        <span class="muted">{i().project.name}</span>
      </td>
      <td>
        <StatusBadge status={i().status} overdue={i().overdue} />
      </td>
      <td class="number">{formatMoney(i().total, i().currency)}</td>
      <td class="number">{formatMoney(i().amountDue, i().currency)}</td>
      <td>{i().dueDate ? formatDate(i().dueDate) : '—'}</td>
    </tr>
  );
}

/** The head of a table of InvoiceRows. */
export function InvoiceTableHead(): JSX.Element {
  return (
    <thead>
      <tr>
        <th scope="col">Invoice</th>
        <th scope="col">Client and project</th>
        <th scope="col">Status</th>
        <th scope="col" class="number">
          Total
        </th>
        <th scope="col" class="number">
          Due
        </th>
        <th scope="col">Due date</th>
      </tr>
    </thead>
  );
}
