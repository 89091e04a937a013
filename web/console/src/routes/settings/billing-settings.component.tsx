import { createMutation } from '@urql/solid';
import { createSignal, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../../../src/components/status.component';
import { Field } from '../../components/field.component';
import { fieldError, formError } from '../../lib/field-error';
import {
  ConnectStripeAccountMutation,
  UpdateBillingProfileMutation,
  UpdateReminderScheduleMutation,
  type SettingsWorkspace,
} from './settings.queries';

/** Settings → Billing: who issues the invoices, when reminders go, and the Stripe account payments go to. */
export function BillingSettings(props: { workspace: SettingsWorkspace; onChange: () => void }): JSX.Element {
  return (
    <>
      <BillingProfile workspace={props.workspace} />
      <ReminderDays workspace={props.workspace} />
      <StripeAccount workspace={props.workspace} onChange={props.onChange} />
    </>
  );
}

function BillingProfile(props: { workspace: SettingsWorkspace }): JSX.Element {
  const p = props.workspace.billingProfile;
  const [legalName, setLegalName] = createSignal(p.legalName ?? '');
  const [address, setAddress] = createSignal(p.address ?? '');
  const [taxId, setTaxId] = createSignal(p.taxId ?? '');
  const [instructions, setInstructions] = createSignal(p.paymentInstructions ?? '');
  const [saved, setSaved] = createSignal(false);
  const [state, update] = createMutation(UpdateBillingProfileMutation);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setSaved(false);
    // Every field is sent as typed: the server reads null as "unchanged", and "" as "clear it".
    const result = await update({
      input: {
        legalName: legalName().trim(),
        address: address().trim(),
        taxId: taxId().trim(),
        paymentInstructions: instructions().trim(),
      },
    });
    setSaved(!result.error);
  };
  const field = (name: string) => fieldError(state.error, `input.${name}`);
  return (
    <section class="panel" aria-labelledby="billing-profile">
      <h2 id="billing-profile">On every invoice</h2>
      <form class="form" onSubmit={submit}>
        <Show
          when={formError(state.error, [
            'input.legalName',
            'input.address',
            'input.taxId',
            'input.paymentInstructions',
          ])}
        >
          <ErrorNote error={state.error} />
        </Show>
        <Field label="Legal name" hint="Empty: the company name" error={field('legalName')}>
          {(a) => <input {...a} value={legalName()} onInput={(e) => setLegalName(e.currentTarget.value)} />}
        </Field>
        <Field label="Address" error={field('address')}>
          {(a) => (
            <textarea {...a} rows={3} value={address()} onInput={(e) => setAddress(e.currentTarget.value)} />
          )}
        </Field>
        <Field label="Tax number" hint="VAT number, EIN, ABN…" error={field('taxId')}>
          {(a) => <input {...a} value={taxId()} onInput={(e) => setTaxId(e.currentTarget.value)} />}
        </Field>
        <Field
          label="How to pay other than online"
          hint="Such as bank details; printed on every invoice"
          error={field('paymentInstructions')}
        >
          {(a) => (
            <textarea
              {...a}
              rows={3}
              value={instructions()}
              onInput={(e) => setInstructions(e.currentTarget.value)}
            />
          )}
        </Field>
        <div class="actions">
          <button type="submit" class="button" disabled={state.fetching}>
            {state.fetching ? 'Saving…' : 'Save'}
          </button>
          <Show when={saved()}>
            <p role="status">Saved: invoices issued from now on show it.</p>
          </Show>
        </div>
      </form>
    </section>
  );
}

/** "-3, 0, 7" ⇄ [-3, 0, 7]; null when one is not a whole number. */
function parseDays(text: string): number[] | null {
  const parts = text
    .split(/[\s,]+/)
    .map((part) => part.trim())
    .filter(Boolean);
  if (!parts.every((part) => /^[-+]?\d+$/.test(part))) return null;
  return parts.map(Number);
}

function ReminderDays(props: { workspace: SettingsWorkspace }): JSX.Element {
  const [text, setText] = createSignal(props.workspace.reminderSchedule.daysFromDue.join(', '));
  const [problem, setProblem] = createSignal<string>();
  const [saved, setSaved] = createSignal(false);
  const [state, update] = createMutation(UpdateReminderScheduleMutation);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setSaved(false);
    const days = parseDays(text());
    setProblem(days ? undefined : 'give whole numbers of days, separated by commas, such as -3, 0, 7');
    if (!days) return;
    const result = await update({ daysFromDue: days });
    setSaved(!result.error);
  };
  return (
    <section class="panel" aria-labelledby="reminder-days">
      <h2 id="reminder-days">Reminders of unpaid invoices</h2>
      <form class="form form--inline" onSubmit={submit}>
        <Field
          label="Days from the due date"
          hint="-3 is three days before, 0 the due date, 7 a week after; empty: no reminders"
          error={problem() ?? fieldError(state.error, 'daysFromDue')}
        >
          {(a) => <input {...a} value={text()} onInput={(e) => setText(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="button" disabled={state.fetching}>
          Save
        </button>
      </form>
      <Show when={state.error && !fieldError(state.error, 'daysFromDue')}>
        <ErrorNote error={state.error} />
      </Show>
      <Show when={saved()}>
        <p role="status">Saved.</p>
      </Show>
    </section>
  );
}

function StripeAccount(props: { workspace: SettingsWorkspace; onChange: () => void }): JSX.Element {
  const [account, setAccount] = createSignal(props.workspace.stripeAccountId ?? '');
  const [state, connect] = createMutation(ConnectStripeAccountMutation);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const result = await connect({ accountId: account().trim() || null });
    if (!result.error) props.onChange();
  };
  return (
    <section class="panel" aria-labelledby="stripe-heading">
      <h2 id="stripe-heading">Online payment</h2>
      <p>
        {props.workspace.onlinePaymentEnabled
          ? 'On: clients pay invoices by card in the portal and from their emails.'
          : 'Off: the portal tells clients to pay as your invoices say.'}
      </p>
      <form class="form form--inline" onSubmit={submit}>
        <Field
          label="Connected Stripe account"
          hint="acct_…; empty: the platform's own account"
          error={fieldError(state.error, 'accountId')}
        >
          {(a) => <input {...a} value={account()} onInput={(e) => setAccount(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="button" disabled={state.fetching}>
          Save
        </button>
      </form>
      <Show when={state.error && !fieldError(state.error, 'accountId')}>
        <ErrorNote error={state.error} />
      </Show>
    </section>
  );
}
