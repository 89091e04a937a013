import { A } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createEffect, createSignal, For, on, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../../../src/components/status.component';
import { formatDate, formatMoney } from '../../../../src/lib/format';
import { ConfirmButton } from '../../components/confirm.component';
import { Field } from '../../components/field.component';
import { fieldError, formError } from '../../lib/field-error';
import {
  EndRecurringInvoiceMutation,
  PauseRecurringInvoiceMutation,
  RecurringInvoicesQuery,
  ResumeRecurringInvoiceMutation,
  ScheduleRecurringInvoiceMutation,
} from './invoices.queries';

const today = () => new Date().toISOString().slice(0, 10);
const STATUS: Record<string, string> = { ACTIVE: 'Active', PAUSED: 'Paused', ENDED: 'Ended' };

/** A project's repeating invoices (or one template's): what they issue, when next, and pause, resume, end. */
export function RecurringList(props: {
  projectId: string;
  templateId?: string;
  refreshKey?: number;
}): JSX.Element {
  const [result, refetch] = createQuery({
    query: RecurringInvoicesQuery,
    variables: () => ({ projectId: props.projectId }),
    requestPolicy: 'cache-and-network',
  });
  createEffect(
    on(
      () => props.refreshKey,
      () => refetch({ requestPolicy: 'network-only' }),
      { defer: true },
    ),
  );
  const schedules = () =>
    (result.data?.recurringInvoices ?? []).filter(
      (r) => !props.templateId || r.template.id === props.templateId,
    );
  const [pausing, pause] = createMutation(PauseRecurringInvoiceMutation);
  const [resuming, resume] = createMutation(ResumeRecurringInvoiceMutation);
  const [ending, end] = createMutation(EndRecurringInvoiceMutation);
  const after = () => refetch({ requestPolicy: 'network-only' });
  return (
    <Show when={schedules().length}>
      <section aria-labelledby="recurring-heading">
        <h2 id="recurring-heading">Repeating invoices</h2>
        <ul class="card-list">
          <For each={schedules()}>
            {(r) => (
              <li class="card">
                <p class="card__title">
                  <A href={`/app/invoices/${r.template.id}`}>{r.template.number}</A>,{' '}
                  {formatMoney(r.template.total, r.template.currency)} every{' '}
                  {r.every > 1 ? `${r.every} ` : ''}
                  {r.interval === 'WEEK'
                    ? r.every > 1
                      ? 'weeks'
                      : 'week'
                    : r.every > 1
                      ? 'months'
                      : 'month'}{' '}
                  <span class="badge">{STATUS[r.status]}</span>
                </p>
                <p class="muted">
                  {r.issuedCount} issued{r.count ? ` of ${r.count}` : ''}
                  {r.nextIssueAt ? `; next on ${formatDate(r.nextIssueAt)}` : ''}
                  {r.sendAutomatically ? '; each is sent at once' : '; each waits as a draft for you to send'}
                </p>
                <div class="actions">
                  <Show when={r.status === 'ACTIVE'}>
                    <button
                      type="button"
                      class="button button--secondary"
                      disabled={pausing.fetching}
                      onClick={() => pause({ id: r.id }).then(after)}
                    >
                      Pause
                    </button>
                  </Show>
                  <Show when={r.status === 'PAUSED'}>
                    <button
                      type="button"
                      class="button button--secondary"
                      disabled={resuming.fetching}
                      onClick={() => resume({ id: r.id }).then(after)}
                    >
                      Resume (periods missed meanwhile are skipped)
                    </button>
                  </Show>
                  <Show when={r.status !== 'ENDED'}>
                    <ConfirmButton
                      label="End the repetition"
                      warning="No more invoices will be issued from it; the ones already issued stay."
                      busy={ending.fetching}
                      onConfirm={() => end({ id: r.id }).then(after)}
                    />
                  </Show>
                </div>
              </li>
            )}
          </For>
        </ul>
        <Show when={pausing.error || resuming.error || ending.error}>
          <ErrorNote error={pausing.error ?? resuming.error ?? ending.error} />
        </Show>
      </section>
    </Show>
  );
}

/** A draft made into a template: every week or month from a date, until a date or a count. */
export function ScheduleRecurring(props: { templateId: string; onDone: () => void }): JSX.Element {
  const [interval, setInterval] = createSignal<'WEEK' | 'MONTH'>('MONTH');
  const [every, setEvery] = createSignal('1');
  const [startDate, setStartDate] = createSignal(today());
  const [limit, setLimit] = createSignal<'none' | 'count' | 'date'>('none');
  const [count, setCount] = createSignal('12');
  const [endDate, setEndDate] = createSignal('');
  const [send, setSend] = createSignal(false);
  const [dueInDays, setDueInDays] = createSignal('14');
  const [state, schedule] = createMutation(ScheduleRecurringInvoiceMutation);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const result = await schedule({
      input: {
        templateInvoiceId: props.templateId,
        interval: interval(),
        every: Number(every()),
        startDate: `${startDate()}T12:00:00.000Z`,
        ...(limit() === 'count' ? { count: Number(count()) } : {}),
        ...(limit() === 'date' && endDate() ? { endDate: `${endDate()}T12:00:00.000Z` } : {}),
        sendAutomatically: send(),
        ...(dueInDays().trim() ? { dueInDays: Number(dueInDays()) } : {}),
      },
    });
    if (!result.error) props.onDone();
  };
  const fields = [
    'input.interval',
    'input.every',
    'input.startDate',
    'input.count',
    'input.endDate',
    'input.dueInDays',
  ];
  return (
    <details class="panel">
      <summary>Repeat this invoice</summary>
      <form class="form" onSubmit={submit} aria-busy={state.fetching}>
        <p class="muted">
          Each period issues a copy of this draft as it is then; edit the draft to change what comes next.
        </p>
        <Show when={formError(state.error, fields)}>
          <ErrorNote error={state.error} />
        </Show>
        <div class="form-row">
          <Field label="Every" error={fieldError(state.error, 'input.every')}>
            {(attributes) => (
              <input
                {...attributes}
                inputMode="numeric"
                value={every()}
                size={3}
                onInput={(e) => setEvery(e.currentTarget.value)}
              />
            )}
          </Field>
          <Field label="Period" error={fieldError(state.error, 'input.interval')}>
            {(attributes) => (
              <select {...attributes} onChange={(e) => setInterval(e.currentTarget.value as 'WEEK')}>
                <option value="MONTH" selected={interval() === 'MONTH'}>
                  Month
                </option>
                <option value="WEEK" selected={interval() === 'WEEK'}>
                  Week
                </option>
              </select>
            )}
          </Field>
          <Field label="First on" error={fieldError(state.error, 'input.startDate')}>
            {(attributes) => (
              <input
                {...attributes}
                type="date"
                value={startDate()}
                min={today()}
                onInput={(e) => setStartDate(e.currentTarget.value)}
              />
            )}
          </Field>
          <Field label="Due after (days)" error={fieldError(state.error, 'input.dueInDays')}>
            {(attributes) => (
              <input
                {...attributes}
                inputMode="numeric"
                value={dueInDays()}
                size={3}
                onInput={(e) => setDueInDays(e.currentTarget.value)}
              />
            )}
          </Field>
        </div>
        <fieldset>
          <legend>Until</legend>
          <label class="checkbox">
            <input type="radio" name="limit" checked={limit() === 'none'} onChange={() => setLimit('none')} />
            Until I end it
          </label>
          <label class="checkbox">
            <input
              type="radio"
              name="limit"
              checked={limit() === 'count'}
              onChange={() => setLimit('count')}
            />
            A number of invoices
          </label>
          <Show when={limit() === 'count'}>
            <Field label="How many invoices" error={fieldError(state.error, 'input.count')}>
              {(attributes) => (
                <input
                  {...attributes}
                  inputMode="numeric"
                  value={count()}
                  onInput={(e) => setCount(e.currentTarget.value)}
                />
              )}
            </Field>
          </Show>
          <label class="checkbox">
            <input type="radio" name="limit" checked={limit() === 'date'} onChange={() => setLimit('date')} />
            Until a date
          </label>
          <Show when={limit() === 'date'}>
            <Field label="Last period on or before" error={fieldError(state.error, 'input.endDate')}>
              {(attributes) => (
                <input
                  {...attributes}
                  type="date"
                  value={endDate()}
                  onInput={(e) => setEndDate(e.currentTarget.value)}
                />
              )}
            </Field>
          </Show>
        </fieldset>
        <label class="checkbox">
          <input type="checkbox" checked={send()} onChange={(e) => setSend(e.currentTarget.checked)} />
          Send each invoice to the client at once (otherwise each waits as a draft for you)
        </label>
        <div class="actions">
          <button type="submit" class="button" disabled={state.fetching}>
            {state.fetching ? 'Scheduling…' : 'Schedule'}
          </button>
        </div>
      </form>
    </details>
  );
}
