import { createQuery } from '@urql/solid';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { QueryStatus } from '../../../../src/components/status.component';
import { formatDate, formatDateTime, formatMoney } from '../../../../src/lib/format';
import { Field } from '../../components/field.component';
import { TableScroll } from '../../components/table-scroll.component';
import { ConsoleProjectAtQuery } from './projects.queries';

/** `2025-03-04T10:20` (a datetime-local's value, the browser's time) for an instant. */
const localValue = (date: Date) =>
  new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/**
 * The project's history: pick a date and time, see the project as it stood
 * then (name, status, documents, invoices, tasks, timeline), read-only, rebuilt
 * from the log by projectAt; "Back to now" closes it.
 */
export function ProjectHistory(props: { projectId: string; onClose: () => void }): JSX.Element {
  const [draft, setDraft] = createSignal(localValue(new Date()));
  const [at, setAt] = createSignal<string | null>(null);
  const [result, refetch] = createQuery({
    query: ConsoleProjectAtQuery,
    variables: () => ({ id: props.projectId, at: at() ?? '' }),
    pause: () => !at(),
  });
  const past = () => result.data?.projectAt;
  return (
    <section class="history" aria-labelledby="history-heading">
      <div class="heading-row">
        <h2 id="history-heading">History</h2>
        <button type="button" class="button button--secondary" onClick={() => props.onClose()}>
          Back to now
        </button>
      </div>
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          const date = new Date(draft());
          if (!Number.isNaN(date.getTime())) setAt(date.toISOString());
        }}
      >
        <Field label="As of">
          {(attributes) => (
            <input
              {...attributes}
              type="datetime-local"
              step="1"
              value={draft()}
              onInput={(event) => setDraft(event.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit" class="button">
          Show
        </button>
      </form>
      <Show when={at()}>
        <QueryStatus result={result} refetch={refetch} loading="Rebuilding the project as it stood then…">
          <Show
            when={past()}
            fallback={<p class="muted">The project did not exist yet on {formatDateTime(at())}.</p>}
          >
            {(p) => (
              <div
                class="history__past"
                aria-label={`The project as of ${formatDateTime(at())}`}
                role="region"
              >
                <p class="muted">As of {formatDateTime(at())}, read-only.</p>
                <h3>{p().name}</h3>
                <p>
                  Status: <strong>{p().status}</strong> · Client: {p().client.name}
                </p>
                <h4>Files and links</h4>
                <Show when={p().documents.length} fallback={<p class="muted">None then.</p>}>
                  <ul>
                    <For each={p().documents}>
                      {(document) => (
                        <li>
                          {document.name} <span class="muted">({formatDate(document.sharedAt)})</span>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
                <h4>Invoices</h4>
                <Show when={p().invoices.length} fallback={<p class="muted">None then.</p>}>
                  <TableScroll label="The project's invoices then">
                    <table class="list-table">
                      <thead>
                        <tr>
                          <th scope="col">Number</th>
                          <th scope="col">Status</th>
                          <th scope="col">Total</th>
                          <th scope="col">Paid</th>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={p().invoices}>
                          {(invoice) => (
                            <tr>
                              <td>{invoice.number}</td>
                              <td>{invoice.status}</td>
                              <td>{formatMoney(invoice.total, invoice.currency)}</td>
                              <td>{formatMoney(invoice.amountPaid, invoice.currency)}</td>
                            </tr>
                          )}
                        </For>
                      </tbody>
                    </table>
                  </TableScroll>
                </Show>
                <h4>Tasks</h4>
                <Show when={p().tasks.length} fallback={<p class="muted">None then.</p>}>
                  <ul>
                    <For each={p().tasks}>
                      {(task) => (
                        <li>
                          {task.title}: {task.status}
                          <span class="muted">
                            {' '}
                            ({task.comments.length} comment{task.comments.length === 1 ? '' : 's'})
                          </span>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
                <h4>Timeline up to then</h4>
                <ol class="history__timeline">
                  <For each={p().timeline.edges}>
                    {(edge) => (
                      <li>
                        <span class="muted">{formatDateTime(edge.node.occurredAt)}</span> {edge.node.summary}
                      </li>
                    )}
                  </For>
                </ol>
              </div>
            )}
          </Show>
        </QueryStatus>
      </Show>
    </section>
  );
}
