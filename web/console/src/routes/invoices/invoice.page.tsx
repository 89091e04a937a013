import { A, useParams } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createSignal, Show, type JSX } from 'solid-js';
import { ErrorNote, QueryStatus } from '../../../../src/components/status.component';
import { StatusBadge } from '../../../../src/routes/project/billing/status-badge.component';
import { useConsoleTitle } from '../../components/page-title';
import { inputOf, draftOf, InvoiceEditor, type Draft } from './invoice-editor.component';
import { InvoiceDetails } from './invoice-details.component';
import { RecordPayment, Reminders, VoidInvoice } from './invoice-actions.component';
import {
  ConsoleInvoiceQuery,
  RecurringInvoicesQuery,
  SendInvoiceMutation,
  UpdateInvoiceMutation,
} from './invoices.queries';
import { RecurringList, ScheduleRecurring } from './recurring.component';

type Invoice = NonNullable<NonNullable<ReturnType<typeof useInvoice>[0]['data']>['invoice']>;

const useInvoice = (id: () => string) =>
  createQuery({
    query: ConsoleInvoiceQuery,
    variables: () => ({ id: id() }),
    requestPolicy: 'cache-and-network',
  });

/**
 * /app/invoices/:id: a draft is edited (totals as the server computes them),
 * sent, or made to repeat; a sent one shows what its client got, takes a
 * payment, its reminders on or off, or is voided; every one has its PDF.
 */
export function InvoicePage(): JSX.Element {
  const params = useParams<{ id: string }>();
  const [result, refetch] = useInvoice(() => params.id);
  const invoice = () => result.data?.invoice;
  useConsoleTitle(() => [invoice() ? `Invoice ${invoice()!.number}` : 'Invoice']);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <QueryStatus result={result} refetch={refetch} loading="Loading the invoice…">
      <Show
        when={invoice()}
        fallback={
          <>
            <h1>Invoice not found</h1>
            <p>
              <A href="/app/invoices">All invoices</A>
            </p>
          </>
        }
      >
        {(i) => (
          <>
            <p class="breadcrumbs">
              <A href={`/app/clients/${i().project.client.id}`}>{i().project.client.name}</A> /{' '}
              <A href={`/app/projects/${i().project.id}?tab=invoices`}>{i().project.name}</A> /
            </p>
            <div class="heading-row">
              <h1>
                Invoice {i().number} <StatusBadge status={i().status} overdue={i().overdue} />
              </h1>
              <a class="button button--secondary" href={i().pdfUrl} download="">
                Download the PDF
              </a>
            </div>
            <Show when={i().status === 'DRAFT'} fallback={<Issued invoice={i()} onChange={reload} />}>
              <EditDraft invoice={i()} onChange={reload} />
            </Show>
          </>
        )}
      </Show>
    </QueryStatus>
  );
}

function EditDraft(props: { invoice: Invoice; onChange: () => void }): JSX.Element {
  const [draft, setDraft] = createSignal<Draft>(draftOf(props.invoice));
  const [dirty, setDirty] = createSignal(false);
  const [problems, setProblems] = createSignal<Record<string, string>>({});
  const [saving, update] = createMutation(UpdateInvoiceMutation);
  const [sending, send] = createMutation(SendInvoiceMutation);
  const [scheduled, setScheduled] = createSignal(0);
  // The template of a live repetition is never sent itself (the server refuses), nor scheduled twice.
  const [recurring] = createQuery({
    query: RecurringInvoicesQuery,
    variables: () => ({ projectId: props.invoice.project.id }),
    requestPolicy: 'cache-and-network',
  });
  const repeating = () =>
    (recurring.data?.recurringInvoices ?? []).some(
      (r) => r.template.id === props.invoice.id && r.status !== 'ENDED',
    );
  const save = async (): Promise<boolean> => {
    const { input, problems: found } = inputOf(draft());
    setProblems(found);
    if (Object.keys(found).length) return false;
    const result = await update({ id: props.invoice.id, input });
    if (result.error) return false;
    setDirty(false);
    return true;
  };
  const sendIt = async () => {
    if (dirty() && !(await save())) return;
    const result = await send({ id: props.invoice.id });
    if (!result.error) props.onChange();
  };
  return (
    <>
      <form
        class="form"
        aria-busy={saving.fetching}
        onSubmit={async (event) => {
          event.preventDefault();
          if (await save()) props.onChange();
        }}
      >
        <InvoiceEditor
          draft={draft()}
          onChange={(next) => {
            setDraft(next);
            setDirty(true);
            // A price said to be wrong stops being so once it is put right.
            if (Object.keys(problems()).length) setProblems(inputOf(next).problems);
          }}
          error={saving.error}
          problems={problems()}
        />
        <div class="actions">
          <button type="submit" class="button button--secondary" disabled={saving.fetching || !dirty()}>
            {saving.fetching ? 'Saving…' : dirty() ? 'Save the draft' : 'Saved'}
          </button>
        </div>
      </form>
      <Show
        when={!repeating()}
        fallback={
          <p class="notice">
            This draft repeats: each period issues a copy of it, as scheduled below. It is never sent itself;
            end the repetition to send it or to schedule it anew.
          </p>
        }
      >
        <section class="panel" aria-labelledby="send-heading">
          <h2 id="send-heading">Send</h2>
          <p>
            Emails the invoice, with its PDF, to every contact of {props.invoice.project.client.name}; they
            then see it in the portal and can pay it. A sent invoice can no longer be edited, only voided.
          </p>
          <Show when={sending.error}>
            <ErrorNote error={sending.error} />
          </Show>
          <button
            type="button"
            class="button"
            disabled={sending.fetching || saving.fetching}
            onClick={sendIt}
          >
            {sending.fetching ? 'Sending…' : dirty() ? 'Save and send to the client' : 'Send to the client'}
          </button>
        </section>
        <ScheduleRecurring templateId={props.invoice.id} onDone={() => setScheduled((n) => n + 1)} />
      </Show>
      <RecurringList
        projectId={props.invoice.project.id}
        templateId={props.invoice.id}
        refreshKey={scheduled()}
      />
    </>
  );
}

function Issued(props: { invoice: Invoice; onChange: () => void }): JSX.Element {
  const open = () => props.invoice.status === 'SENT' || props.invoice.status === 'PARTIALLY_PAID';
  return (
    <>
      <Show when={props.invoice.status === 'VOID'}>
        <p class="notice">Void: nothing is due on it; its client sees it as void.</p>
      </Show>
      <InvoiceDetails invoice={props.invoice} />
      <Show when={open()}>
        <RecordPayment invoice={props.invoice} onDone={props.onChange} />
        <Reminders invoice={props.invoice} />
        <VoidInvoice invoice={props.invoice} onDone={props.onChange} />
      </Show>
    </>
  );
}
