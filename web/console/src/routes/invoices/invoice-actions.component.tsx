import { createMutation } from '@urql/solid';
import { createEffect, createSignal, on, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../../../src/components/status.component';
import { formatMoney } from '../../../../src/lib/format';
import { ConfirmButton } from '../../components/confirm.component';
import { Field } from '../../components/field.component';
import { fieldError, formError } from '../../lib/field-error';
import { RecordPaymentMutation, SetInvoiceRemindersMutation, VoidInvoiceMutation } from './invoices.queries';
import { fromMinor, toMinor } from './money-input';

interface Open {
  id: string;
  number: string;
  currency: string;
  amountDue: number;
  remindersEnabled: boolean;
}

/** What is wrong with an amount typed, in the invoice's money (the server's words name minor units). */
function amountProblem(minor: number | null, invoice: Open): string | undefined {
  if (minor === null) return `not an amount in ${invoice.currency}`;
  if (minor <= 0) return 'must be above 0';
  if (minor > invoice.amountDue)
    return `is more than the ${formatMoney(invoice.amountDue, invoice.currency)} still due`;
  return undefined;
}

/** A payment received other than online: the amount (the amount due to start with), how, and a note. */
export function RecordPayment(props: { invoice: Open; onDone: () => void }): JSX.Element {
  const [amount, setAmount] = createSignal(fromMinor(props.invoice.amountDue, props.invoice.currency));
  const [method, setMethod] = createSignal('bank_transfer');
  const [note, setNote] = createSignal('');
  const [problem, setProblem] = createSignal<string>();
  const [state, record] = createMutation(RecordPaymentMutation);
  // After a payment, the field offers what is due now.
  createEffect(
    on(
      () => props.invoice.amountDue,
      (due) => setAmount(fromMinor(due, props.invoice.currency)),
      { defer: true },
    ),
  );
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const minor = toMinor(amount(), props.invoice.currency);
    const refusal = amountProblem(minor, props.invoice);
    setProblem(refusal);
    if (refusal || minor === null) return;
    const result = await record({
      invoiceId: props.invoice.id,
      amount: minor,
      method: method(),
      note: note().trim() || null,
    });
    if (!result.error) {
      setNote('');
      props.onDone();
    }
  };
  return (
    <section class="panel" aria-labelledby="record-payment">
      <h2 id="record-payment">Record a payment</h2>
      <p class="muted">
        For money received by bank transfer, cash or check.{' '}
        {formatMoney(props.invoice.amountDue, props.invoice.currency)} is due.
      </p>
      <form class="form" onSubmit={submit} aria-busy={state.fetching}>
        <Show when={formError(state.error, ['amount', 'method', 'note'])}>
          <ErrorNote error={state.error} />
        </Show>
        <div class="form-row">
          <Field
            label={`Amount (${props.invoice.currency})`}
            error={problem() ?? fieldError(state.error, 'amount')}
          >
            {(attributes) => (
              <input
                {...attributes}
                inputMode="decimal"
                value={amount()}
                onInput={(event) => setAmount(event.currentTarget.value)}
              />
            )}
          </Field>
          <Field label="Method" error={fieldError(state.error, 'method')}>
            {(attributes) => (
              <select {...attributes} onChange={(event) => setMethod(event.currentTarget.value)}>
                <option value="bank_transfer" selected={method() === 'bank_transfer'}>
                  Bank transfer
                </option>
                <option value="cash" selected={method() === 'cash'}>
                  Cash
                </option>
                <option value="check" selected={method() === 'check'}>
                  Check
                </option>
              </select>
            )}
          </Field>
        </div>
        <Field
          label="Note (optional)"
          hint="Such as the transfer's reference"
          error={fieldError(state.error, 'note')}
        >
          {(attributes) => (
            <input {...attributes} value={note()} onInput={(event) => setNote(event.currentTarget.value)} />
          )}
        </Field>
        <div class="actions">
          <button type="submit" class="button" disabled={state.fetching}>
            {state.fetching ? 'Recording…' : 'Record the payment'}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Reminders of this invoice on or off, with the workspace's days saying when. */
export function Reminders(props: { invoice: Open }): JSX.Element {
  const [state, set] = createMutation(SetInvoiceRemindersMutation);
  return (
    <section class="panel" aria-labelledby="reminders-heading">
      <h2 id="reminders-heading">Reminders</h2>
      <label class="checkbox">
        <input
          type="checkbox"
          checked={props.invoice.remindersEnabled}
          disabled={state.fetching}
          onChange={(event) => set({ id: props.invoice.id, enabled: event.currentTarget.checked })}
        />
        Email the client a reminder on the workspace's reminder days while it is unpaid
      </label>
      <p class="muted">
        The days are set in <a href="/app/settings?tab=billing">Settings → Billing</a>.
      </p>
      <Show when={state.error}>
        <ErrorNote error={state.error} />
      </Show>
    </section>
  );
}

/** Voiding, asked first: the invoice stays in the history, nothing more is due, its client sees it void. */
export function VoidInvoice(props: { invoice: Open; onDone: () => void }): JSX.Element {
  const [reason, setReason] = createSignal('');
  const [state, voidIt] = createMutation(VoidInvoiceMutation);
  return (
    <section class="panel" aria-labelledby="void-heading">
      <h2 id="void-heading">Void the invoice</h2>
      <Field label="Reason (optional)" hint="Kept in the history" error={fieldError(state.error, 'reason')}>
        {(attributes) => (
          <input {...attributes} value={reason()} onInput={(event) => setReason(event.currentTarget.value)} />
        )}
      </Field>
      <ConfirmButton
        label={`Void invoice ${props.invoice.number}`}
        confirmLabel={`Yes, void invoice ${props.invoice.number}`}
        warning="Nothing more will be due on it and its client sees it as void. It stays in the history and cannot be sent again."
        busy={state.fetching}
        onConfirm={async () => {
          const result = await voidIt({ id: props.invoice.id, reason: reason().trim() || null });
          if (!result.error) props.onDone();
        }}
      />
      <Show when={state.error && !fieldError(state.error, 'reason')}>
        <ErrorNote error={state.error} />
      </Show>
    </section>
  );
}
