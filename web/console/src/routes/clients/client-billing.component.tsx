import { createMutation } from '@urql/solid';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../../../src/components/status.component';
import { formatMoney } from '../../../../src/lib/format';
import { Field } from '../../components/field.component';
import { fieldError, formError } from '../../lib/field-error';
import { UpdateClientBillingDetailsMutation } from './clients.queries';

interface Statement {
  pdfUrl: string;
  balances: { currency: string; invoiced: number; paid: number; balance: number }[];
}

/** Who the client's invoices are addressed to, and its statement: the balance per currency and the PDF. */
export function ClientBilling(props: {
  clientId: string;
  clientName: string;
  details: { name: string; address: string | null; taxId: string | null };
  statement: Statement | null;
}): JSX.Element {
  const [name, setName] = createSignal(props.details.name);
  const [address, setAddress] = createSignal(props.details.address ?? '');
  const [taxId, setTaxId] = createSignal(props.details.taxId ?? '');
  const [saved, setSaved] = createSignal(false);
  const [state, update] = createMutation(UpdateClientBillingDetailsMutation);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setSaved(false);
    const result = await update({
      clientId: props.clientId,
      input: {
        // Empty clears a field (null would leave it as it was); the client's own name is no billing name.
        name: name().trim() === props.clientName ? '' : name().trim(),
        address: address().trim(),
        taxId: taxId().trim(),
      },
    });
    setSaved(!result.error);
  };
  return (
    <section class="panel" aria-labelledby="billing-heading">
      <h2 id="billing-heading">Billing</h2>
      <Show when={props.statement}>
        {(statement) => (
          <>
            <Show when={statement().balances.length} fallback={<p class="muted">Nothing invoiced yet.</p>}>
              <ul class="timeline-list" aria-label="Balance per currency">
                <For each={statement().balances}>
                  {(b) => (
                    <li>
                      {formatMoney(b.invoiced, b.currency)} invoiced, {formatMoney(b.paid, b.currency)} paid:{' '}
                      <strong>
                        {b.balance > 0
                          ? `${formatMoney(b.balance, b.currency)} owed`
                          : b.balance < 0
                            ? `${formatMoney(-b.balance, b.currency)} in the client's favour`
                            : 'nothing owed'}
                      </strong>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <p>
              <a class="button button--secondary" href={statement().pdfUrl} download="">
                Download the statement (PDF)
              </a>
            </p>
          </>
        )}
      </Show>
      <form class="form" onSubmit={submit}>
        <h3>On the client's invoices</h3>
        <Show when={formError(state.error, ['input.name', 'input.address', 'input.taxId'])}>
          <ErrorNote error={state.error} />
        </Show>
        <Field
          label="Billing name"
          hint="Empty or the same: the client's name, as it is then"
          error={fieldError(state.error, 'input.name')}
        >
          {(a) => <input {...a} value={name()} onInput={(e) => setName(e.currentTarget.value)} />}
        </Field>
        <Field label="Billing address" error={fieldError(state.error, 'input.address')}>
          {(a) => (
            <textarea {...a} rows={3} value={address()} onInput={(e) => setAddress(e.currentTarget.value)} />
          )}
        </Field>
        <Field label="Client's tax number" error={fieldError(state.error, 'input.taxId')}>
          {(a) => <input {...a} value={taxId()} onInput={(e) => setTaxId(e.currentTarget.value)} />}
        </Field>
        <div class="actions">
          <button type="submit" class="button" disabled={state.fetching}>
            {state.fetching ? 'Saving…' : 'Save the billing details'}
          </button>
          <Show when={saved()}>
            <p role="status">Saved: invoices issued from now on show them.</p>
          </Show>
        </div>
      </form>
    </section>
  );
}
