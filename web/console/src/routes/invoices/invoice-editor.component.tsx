import { createQuery } from '@urql/solid';
import { createMemo, createSignal, For, Index, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../../../src/components/status.component';
import { formatMoney } from '../../../../src/lib/format';
import { Field } from '../../components/field.component';
import { fieldError, formError, ownFieldError } from '../../lib/field-error';
import { InvoiceTotalsQuery } from './invoices.queries';
import { fromMinor, toMinor } from './money-input';

export interface DraftLine {
  description: string;
  quantity: string;
  unitPrice: string;
  /** '' : the invoice's rate. */
  taxRate: string;
}

export interface Draft {
  currency: string;
  taxRatePercent: string;
  taxLabel: string;
  dueDate: string;
  notes: string;
  lines: DraftLine[];
}

export const emptyDraft = (currency = 'USD'): Draft => ({
  currency,
  taxRatePercent: '0',
  taxLabel: '',
  dueDate: '',
  notes: '',
  lines: [{ description: '', quantity: '1', unitPrice: '', taxRate: '' }],
});

/** A saved invoice as the editor's text fields. */
export function draftOf(invoice: {
  currency: string;
  taxRatePercent: number;
  taxLabel: string;
  dueDate: string | null;
  notes: string | null;
  lineItems: { description: string; quantity: number; unitAmount: number; taxRatePercent: number }[];
}): Draft {
  return {
    currency: invoice.currency,
    taxRatePercent: String(invoice.taxRatePercent),
    taxLabel: invoice.taxLabel === 'Tax' ? '' : invoice.taxLabel,
    dueDate: invoice.dueDate ? invoice.dueDate.slice(0, 10) : '',
    notes: invoice.notes ?? '',
    lines: invoice.lineItems.map((line) => ({
      description: line.description,
      quantity: String(line.quantity),
      unitPrice: fromMinor(line.unitAmount, invoice.currency),
      taxRate: line.taxRatePercent === invoice.taxRatePercent ? '' : String(line.taxRatePercent),
    })),
  };
}

/** The draft as the API takes it; a price that is no amount of the currency is said at its field. */
export interface InvoiceInput {
  currency: string;
  lineItems: { description: string; quantity: number; unitAmount: number; taxRatePercent?: number }[];
  taxRatePercent: number;
  taxLabel: string | null;
  dueDate: string | null;
  notes: string | null;
}

export function inputOf(draft: Draft): { input: InvoiceInput; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const lineItems = draft.lines.map((line, index) => {
    const unitAmount = toMinor(line.unitPrice, draft.currency || 'USD');
    if (unitAmount === null)
      problems[`input.lineItems.${index}.unitAmount`] = `not a price in ${draft.currency}`;
    return {
      description: line.description,
      quantity: Number(line.quantity),
      unitAmount: unitAmount ?? 0,
      ...(line.taxRate.trim() ? { taxRatePercent: Number(line.taxRate) } : {}),
    };
  });
  return {
    input: {
      currency: draft.currency.trim().toUpperCase(),
      lineItems,
      taxRatePercent: Number(draft.taxRatePercent || '0'),
      taxLabel: draft.taxLabel.trim() || null,
      dueDate: draft.dueDate ? `${draft.dueDate}T12:00:00.000Z` : null,
      notes: draft.notes.trim() || null,
    },
    problems,
  };
}

/**
 * What the live totals are asked for: amounts only. A line not yet described
 * still has an amount, so its description is not what the totals refuse (saving
 * the draft says so at the field).
 */
function totalsInputOf(draft: Draft) {
  const { input } = inputOf(draft);
  return {
    currency: input.currency || 'USD',
    taxRatePercent: input.taxRatePercent,
    taxLabel: input.taxLabel,
    lineItems: input.lineItems.map((line) => ({ ...line, description: line.description.trim() || 'Line' })),
  };
}

/**
 * A draft's lines, tax, due date, notes and currency, with its totals computed
 * by the server as saving it would (invoiceTotals), so what is shown is what
 * the invoice will say. The server's refusals, and the editor's own, stand at
 * their fields; nothing typed is lost.
 */
export function InvoiceEditor(props: {
  draft: Draft;
  onChange: (draft: Draft) => void;
  error?: Parameters<typeof fieldError>[0];
  problems?: Record<string, string>;
}): JSX.Element {
  const d = () => props.draft;
  const set = (changes: Partial<Draft>) => props.onChange({ ...d(), ...changes });
  const setLine = (index: number, changes: Partial<DraftLine>) =>
    set({ lines: d().lines.map((line, i) => (i === index ? { ...line, ...changes } : line)) });
  const [debounced, setDebounced] = createSignal(totalsInputOf(d()));
  let timer: ReturnType<typeof setTimeout> | undefined;
  createMemo(() => {
    const next = totalsInputOf(d());
    clearTimeout(timer);
    timer = setTimeout(() => setDebounced(next), 300);
  });
  const [totals] = createQuery({
    query: InvoiceTotalsQuery,
    variables: () => ({ input: debounced() }),
    requestPolicy: 'network-only',
  });
  const problem = (field: string) =>
    props.problems?.[field] ?? fieldError(props.error, field) ?? fieldError(totals.error, field);
  // The list's own refusal (too many lines, a total too large); each line's stands at its field.
  const listProblem = () =>
    props.problems?.['input.lineItems'] ??
    ownFieldError(props.error, 'input.lineItems') ??
    ownFieldError(totals.error, 'input.lineItems');
  const money = (minor: number) => formatMoney(minor, d().currency.toUpperCase() || 'USD');
  return (
    <div class="invoice-editor">
      <Show when={formError(props.error, ['input'])}>
        <ErrorNote error={props.error} />
      </Show>
      <div class="form-row">
        <Field label="Currency" hint="ISO code, such as USD or EUR" error={problem('input.currency')}>
          {(attributes) => (
            <input
              {...attributes}
              value={d().currency}
              maxLength={3}
              size={4}
              onInput={(event) => set({ currency: event.currentTarget.value.toUpperCase() })}
            />
          )}
        </Field>
        <Field label="Tax rate (%)" error={problem('input.taxRatePercent')}>
          {(attributes) => (
            <input
              {...attributes}
              inputMode="decimal"
              value={d().taxRatePercent}
              onInput={(event) => set({ taxRatePercent: event.currentTarget.value })}
            />
          )}
        </Field>
        <Field label="Tax label" hint="Such as VAT (default: Tax)" error={problem('input.taxLabel')}>
          {(attributes) => (
            <input
              {...attributes}
              value={d().taxLabel}
              onInput={(event) => set({ taxLabel: event.currentTarget.value })}
            />
          )}
        </Field>
        <Field label="Due date" error={problem('input.dueDate')}>
          {(attributes) => (
            <input
              {...attributes}
              type="date"
              value={d().dueDate}
              onInput={(event) => set({ dueDate: event.currentTarget.value })}
            />
          )}
        </Field>
      </div>
      <fieldset class="lines">
        <legend>Line items</legend>
        <Show when={listProblem()}>
          <p class="field__error">{listProblem()}</p>
        </Show>
        <Index each={d().lines}>
          {(line, index) => (
            <div class="line" role="group" aria-label={`Line ${index + 1}`}>
              <Field label="Description" error={problem(`input.lineItems.${index}.description`)}>
                {(attributes) => (
                  <input
                    {...attributes}
                    value={line().description}
                    onInput={(event) => setLine(index, { description: event.currentTarget.value })}
                  />
                )}
              </Field>
              <Field label="Quantity" error={problem(`input.lineItems.${index}.quantity`)}>
                {(attributes) => (
                  <input
                    {...attributes}
                    inputMode="decimal"
                    value={line().quantity}
                    onInput={(event) => setLine(index, { quantity: event.currentTarget.value })}
                  />
                )}
              </Field>
              <Field
                label={`Unit price (${d().currency || '…'})`}
                error={problem(`input.lineItems.${index}.unitAmount`)}
              >
                {(attributes) => (
                  <input
                    {...attributes}
                    inputMode="decimal"
                    value={line().unitPrice}
                    onInput={(event) => setLine(index, { unitPrice: event.currentTarget.value })}
                  />
                )}
              </Field>
              <Field
                label="Tax rate of this line (%)"
                hint="Empty: the invoice's"
                error={problem(`input.lineItems.${index}.taxRatePercent`)}
              >
                {(attributes) => (
                  <input
                    {...attributes}
                    inputMode="decimal"
                    value={line().taxRate}
                    onInput={(event) => setLine(index, { taxRate: event.currentTarget.value })}
                  />
                )}
              </Field>
              <p class="line__amount" aria-live="polite">
                {totals.data ? money(totals.data.invoiceTotals.lineItems[index]?.amount ?? 0) : '—'}
              </p>
              <button
                type="button"
                class="button button--secondary"
                disabled={d().lines.length === 1}
                onClick={() => set({ lines: d().lines.filter((_, i) => i !== index) })}
              >
                Remove line {index + 1}
              </button>
            </div>
          )}
        </Index>
        <button
          type="button"
          class="button button--secondary"
          onClick={() =>
            set({ lines: [...d().lines, { description: '', quantity: '1', unitPrice: '', taxRate: '' }] })
          }
        >
          Add a line
        </button>
      </fieldset>
      <Field label="Notes" hint="Shown on the invoice" error={problem('input.notes')}>
        {(attributes) => (
          <textarea
            {...attributes}
            rows={3}
            value={d().notes}
            onInput={(event) => set({ notes: event.currentTarget.value })}
          />
        )}
      </Field>
      <Show when={totals.data}>
        {(data) => (
          <dl class="totals" aria-live="polite" aria-label="Totals, as the invoice will show them">
            <dt>Subtotal</dt>
            <dd>{money(data().invoiceTotals.subtotal)}</dd>
            <For each={data().invoiceTotals.taxLines}>
              {(tax) => (
                <>
                  <dt>
                    {tax.label} {tax.ratePercent}%
                  </dt>
                  <dd>{money(tax.taxAmount)}</dd>
                </>
              )}
            </For>
            <dt>Total</dt>
            <dd class="totals__total">{money(data().invoiceTotals.total)}</dd>
          </dl>
        )}
      </Show>
    </div>
  );
}
