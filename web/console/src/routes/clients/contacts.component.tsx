import { createMutation } from '@urql/solid';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../../../src/components/status.component';
import { formatDateTime } from '../../../../src/lib/format';
import { ConfirmButton } from '../../components/confirm.component';
import { Field } from '../../components/field.component';
import { fieldError, formError } from '../../lib/field-error';
import {
  AddContactMutation,
  ChangeContactEmailMutation,
  RemoveContactMutation,
  RenameContactMutation,
  StartPreviewMutation,
} from './clients.queries';

interface ContactRow {
  id: string;
  name: string;
  email: string;
  lastSignedInAt: string | null;
}

/** A client's contacts: add, rename, change email, remove, when each last signed in, and the portal as they see it. */
export function Contacts(props: {
  clientId: string;
  archived: boolean;
  contacts: ContactRow[];
  onChange: () => void;
}): JSX.Element {
  return (
    <section aria-labelledby="contacts-heading">
      <h2 id="contacts-heading">Contacts</h2>
      <Show
        when={props.contacts.length}
        fallback={<p class="muted">No contacts: nobody can sign in for this client.</p>}
      >
        <ul class="card-list">
          <For each={props.contacts}>
            {(contact) => (
              <ContactCard contact={contact} archived={props.archived} onChange={props.onChange} />
            )}
          </For>
        </ul>
      </Show>
      <AddContact clientId={props.clientId} onAdded={props.onChange} />
    </section>
  );
}

function ContactCard(props: { contact: ContactRow; archived: boolean; onChange: () => void }): JSX.Element {
  const [editing, setEditing] = createSignal(false);
  const [name, setName] = createSignal(props.contact.name);
  const [email, setEmail] = createSignal(props.contact.email);
  const [renaming, rename] = createMutation(RenameContactMutation);
  const [moving, changeEmail] = createMutation(ChangeContactEmailMutation);
  const [removing, remove] = createMutation(RemoveContactMutation);
  const [previewing, preview] = createMutation(StartPreviewMutation);
  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    if (name() !== props.contact.name) {
      const result = await rename({ contactId: props.contact.id, name: name() });
      if (result.error) return;
    }
    if (email() !== props.contact.email) {
      const result = await changeEmail({ contactId: props.contact.id, email: email() });
      if (result.error) return;
    }
    setEditing(false);
    props.onChange();
  };
  const openPreview = async () => {
    const result = await preview({ contactId: props.contact.id });
    if (result.data) window.open(result.data.startPortalPreview.url, '_blank', 'noopener');
  };
  return (
    <li class="card">
      <Show
        when={editing()}
        fallback={
          <>
            <p class="card__title">{props.contact.name}</p>
            <p>{props.contact.email}</p>
            <p class="muted">
              {props.contact.lastSignedInAt
                ? `Last signed in ${formatDateTime(props.contact.lastSignedInAt)}`
                : 'Has not signed in yet'}
            </p>
            <div class="actions">
              <button type="button" class="button button--secondary" onClick={() => setEditing(true)}>
                Edit
              </button>
              <Show when={!props.archived}>
                <button
                  type="button"
                  class="button button--secondary"
                  onClick={openPreview}
                  disabled={previewing.fetching}
                >
                  Preview the portal as {props.contact.name}
                </button>
              </Show>
              <ConfirmButton
                label="Remove"
                warning={`${props.contact.name} is signed out at once and can no longer sign in. The history keeps what they did.`}
                busy={removing.fetching}
                onConfirm={async () => {
                  const result = await remove({ contactId: props.contact.id });
                  if (!result.error) props.onChange();
                }}
              />
            </div>
            <Show when={previewing.error || removing.error}>
              <ErrorNote error={previewing.error ?? removing.error} />
            </Show>
          </>
        }
      >
        <form class="form" onSubmit={save} aria-label={`Edit ${props.contact.name}`}>
          <Field label="Name" error={fieldError(renaming.error, 'name')}>
            {(attributes) => (
              <input {...attributes} value={name()} onInput={(event) => setName(event.currentTarget.value)} />
            )}
          </Field>
          <Field
            label="Email"
            hint="A new email signs them out everywhere: they sign in again with the new address."
            error={fieldError(moving.error, 'email')}
          >
            {(attributes) => (
              <input
                {...attributes}
                type="email"
                value={email()}
                onInput={(event) => setEmail(event.currentTarget.value)}
              />
            )}
          </Field>
          <div class="actions">
            <button type="submit" class="button" disabled={renaming.fetching || moving.fetching}>
              Save
            </button>
            <button type="button" class="button button--secondary" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      </Show>
    </li>
  );
}

function AddContact(props: { clientId: string; onAdded: () => void }): JSX.Element {
  const [name, setName] = createSignal('');
  const [email, setEmail] = createSignal('');
  const [state, add] = createMutation(AddContactMutation);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const result = await add({ clientId: props.clientId, input: { name: name(), email: email() } });
    if (result.error) return;
    setName('');
    setEmail('');
    props.onAdded();
  };
  return (
    <form class="form panel" onSubmit={submit} aria-labelledby="add-contact">
      <h3 id="add-contact">Add a contact</h3>
      <Show when={formError(state.error, ['input.name', 'input.email'])}>
        <ErrorNote error={state.error} />
      </Show>
      <Field label="Name" error={fieldError(state.error, 'input.name')}>
        {(attributes) => (
          <input
            {...attributes}
            value={name()}
            required
            onInput={(event) => setName(event.currentTarget.value)}
          />
        )}
      </Field>
      <Field label="Email" error={fieldError(state.error, 'input.email')}>
        {(attributes) => (
          <input
            {...attributes}
            type="email"
            value={email()}
            required
            onInput={(event) => setEmail(event.currentTarget.value)}
          />
        )}
      </Field>
      <button type="submit" class="button" disabled={state.fetching}>
        {state.fetching ? 'Adding…' : 'Add the contact'}
      </button>
    </form>
  );
}
