import { createMutation } from '@urql/solid';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../../../src/components/status.component';
import { CopyButton } from '../../components/copy.component';
import { BrandingImage } from './branding-image.component';
import {
  SetPortalEnabledMutation,
  UpdateTaskSettingsMutation,
  type SettingsWorkspace,
} from './settings.queries';

type Visibility = SettingsWorkspace['taskSettings']['visibility'];

const VISIBILITY: { value: Visibility; label: string; sentence: string }[] = [
  { value: 'OFF', label: 'Off', sentence: 'Clients see no tasks; the portal shows no Tasks tab.' },
  {
    value: 'ASSIGNED',
    label: 'Assigned to them',
    sentence: "Each contact's portal shows the tasks assigned to a contact of their client, and no others.",
  },
  {
    value: 'ALL',
    label: 'All shared tasks',
    sentence: 'Clients see every task of their projects you have not kept internal.',
  },
];

/** Settings → Client portal: on or off, its link, the sign-in background, and what clients see of tasks. */
export function PortalSettings(props: { workspace: SettingsWorkspace; onChange: () => void }): JSX.Element {
  return (
    <>
      <PortalSwitch workspace={props.workspace} onChange={props.onChange} />
      <section class="panel" aria-labelledby="portal-link">
        <h2 id="portal-link">The portal's link</h2>
        <p>Send it to your clients or put it on your website: they sign in there with their email address.</p>
        <p class="copy-row">
          <a href={props.workspace.portalUrl}>{props.workspace.portalUrl}</a>{' '}
          <CopyButton text={props.workspace.portalUrl} label="Copy the link" />
        </p>
      </section>
      <section class="panel" aria-labelledby="background-heading">
        <h2 id="background-heading">Sign-in page</h2>
        <BrandingImage
          image="BACKGROUND_IMAGE"
          url={props.workspace.branding.backgroundImageUrl}
          onChange={props.onChange}
        />
      </section>
      <TaskSharing workspace={props.workspace} />
    </>
  );
}

function PortalSwitch(props: { workspace: SettingsWorkspace; onChange: () => void }): JSX.Element {
  const [state, set] = createMutation(SetPortalEnabledMutation);
  const toggle = async (enabled: boolean) => {
    const result = await set({ enabled });
    if (!result.error) props.onChange();
  };
  return (
    <section class="panel" aria-labelledby="portal-switch">
      <h2 id="portal-switch">Client portal</h2>
      <Show
        when={props.workspace.portalEnabled}
        fallback={
          <>
            <p>
              <strong>Off.</strong> Clients cannot sign in, no sign-in link is sent, and invoices cannot be
              sent (their emails would lead nowhere). Nothing is deleted: turned on again, everything is as it
              was.
            </p>
            <button type="button" class="button" disabled={state.fetching} onClick={() => toggle(true)}>
              Turn the portal on
            </button>
          </>
        }
      >
        <p>
          <strong>On.</strong> Your clients' contacts sign in by email link and see their active projects,
          documents, invoices and, as set below, tasks.
        </p>
        <button
          type="button"
          class="button button--secondary"
          disabled={state.fetching}
          onClick={() => toggle(false)}
        >
          Turn the portal off (signs every client out)
        </button>
      </Show>
      <Show when={state.error}>
        <ErrorNote error={state.error} />
      </Show>
    </section>
  );
}

function TaskSharing(props: { workspace: SettingsWorkspace }): JSX.Element {
  const initial = props.workspace.taskSettings;
  const [visibility, setVisibility] = createSignal<Visibility>(initial.visibility);
  const [canCreate, setCanCreate] = createSignal(initial.clientsCanCreate);
  const [canEdit, setCanEdit] = createSignal(initial.clientsCanEdit);
  const [canComment, setCanComment] = createSignal(initial.clientsCanComment);
  const [saved, setSaved] = createSignal(false);
  const [state, update] = createMutation(UpdateTaskSettingsMutation);
  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    setSaved(false);
    const result = await update({
      input: {
        visibility: visibility(),
        clientsCanCreate: canCreate(),
        clientsCanEdit: canEdit(),
        clientsCanComment: canComment(),
      },
    });
    setSaved(!result.error);
  };
  const off = () => visibility() === 'OFF';
  return (
    <section class="panel" aria-labelledby="task-sharing">
      <h2 id="task-sharing">Task sharing</h2>
      <form class="form" onSubmit={save}>
        <fieldset>
          <legend>What clients see of tasks (every client of the workspace)</legend>
          <For each={VISIBILITY}>
            {(choice) => (
              <label class="choice">
                <input
                  type="radio"
                  name="visibility"
                  value={choice.value}
                  checked={visibility() === choice.value}
                  onChange={() => setVisibility(choice.value)}
                />
                <span>
                  <strong>{choice.label}.</strong> {choice.sentence}
                </span>
              </label>
            )}
          </For>
        </fieldset>
        <fieldset disabled={off()}>
          <legend>What clients may do with the tasks they see</legend>
          <label class="checkbox">
            <input
              type="checkbox"
              checked={canCreate()}
              onChange={(e) => setCanCreate(e.currentTarget.checked)}
            />
            Add tasks
          </label>
          <label class="checkbox">
            <input
              type="checkbox"
              checked={canEdit()}
              onChange={(e) => setCanEdit(e.currentTarget.checked)}
            />
            Edit a task and change its status
          </label>
          <label class="checkbox">
            <input
              type="checkbox"
              checked={canComment()}
              onChange={(e) => setCanComment(e.currentTarget.checked)}
            />
            Comment
          </label>
        </fieldset>
        <Show when={state.error}>
          <ErrorNote error={state.error} />
        </Show>
        <div class="actions">
          <button type="submit" class="button" disabled={state.fetching}>
            {state.fetching ? 'Saving…' : 'Save task sharing'}
          </button>
          <Show when={saved()}>
            <p role="status">Saved: clients see tasks this way from now on.</p>
          </Show>
        </div>
      </form>
    </section>
  );
}
