import { createMutation } from '@urql/solid';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../../../src/components/status.component';
import { Field } from '../../components/field.component';
import { fieldError, formError } from '../../lib/field-error';
import {
  SetWorkspaceTimeZoneMutation,
  UpdateNotificationSettingsMutation,
  type Settings,
} from './settings.queries';

type Mode = Settings['member']['emailNotifications'];

const MODES: { value: Mode; label: string; sentence: string }[] = [
  {
    value: 'INSTANT',
    label: 'Each time',
    sentence:
      'An email when a client uploads, comments, changes a task, writes or pays: at most one a minute per project, later ones join it.',
  },
  {
    value: 'DAILY_DIGEST',
    label: 'Once a day',
    sentence: "One email at 08:00 in the workspace's time zone, listing the day's notifications by project.",
  },
  { value: 'OFF', label: 'Never', sentence: 'No email: you see notifications here in the console only.' },
];

/** Settings → Notifications: the member's own email choice, and the workspace's time zone (for the digests). */
export function NotificationSettings(props: { settings: Settings; onChange: () => void }): JSX.Element {
  const [modeState, setMode] = createMutation(UpdateNotificationSettingsMutation);
  const [zoneState, setZone] = createMutation(SetWorkspaceTimeZoneMutation);
  const [zone, setZoneText] = createSignal(props.settings.workspace.timeZone);
  const [saved, setSaved] = createSignal('');
  const choose = async (mode: Mode) => {
    setSaved('');
    const answer = await setMode({ mode });
    if (!answer.error) {
      setSaved('Email notifications saved.');
      props.onChange();
    }
  };
  const saveZone = async (event: SubmitEvent) => {
    event.preventDefault();
    setSaved('');
    const answer = await setZone({ timeZone: zone() });
    if (!answer.error) {
      setSaved('Time zone saved.');
      props.onChange();
    }
  };
  return (
    <>
      <section class="panel" aria-labelledby="email-notifications">
        <h2 id="email-notifications">Your email notifications</h2>
        <fieldset class="choices" disabled={modeState.fetching}>
          <legend>How you hear of what clients do</legend>
          <For each={MODES}>
            {(mode) => (
              <label class="choice">
                <input
                  type="radio"
                  name="email-notifications"
                  value={mode.value}
                  checked={props.settings.member.emailNotifications === mode.value}
                  onChange={() => choose(mode.value)}
                  aria-describedby={`mode-${mode.value}`}
                />
                <span>
                  <strong>{mode.label}</strong>
                  <span class="muted" id={`mode-${mode.value}`}>
                    {' '}
                    {mode.sentence}
                  </span>
                </span>
              </label>
            )}
          </For>
        </fieldset>
        <Show when={modeState.error}>
          <ErrorNote error={modeState.error} />
        </Show>
      </section>
      <section class="panel" aria-labelledby="time-zone">
        <h2 id="time-zone">Workspace time zone</h2>
        <form onSubmit={saveZone}>
          <Show when={formError(zoneState.error, ['timeZone'])}>
            {(error) => <ErrorNote error={error()} />}
          </Show>
          <Field
            label="Time zone"
            hint="An IANA name such as Europe/Paris or America/New_York; daily digests go out at 08:00 there."
            error={fieldError(zoneState.error, 'timeZone')}
          >
            {(attributes) => (
              <input
                {...attributes}
                value={zone()}
                onInput={(event) => setZoneText(event.currentTarget.value)}
              />
            )}
          </Field>
          <button type="submit" class="button" disabled={zoneState.fetching}>
            Save the time zone
          </button>
        </form>
      </section>
      <p role="status">{saved()}</p>
    </>
  );
}
