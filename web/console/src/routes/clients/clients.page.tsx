import { A, useNavigate } from '@solidjs/router';
import { createMutation } from '@urql/solid';
import { createSignal, For, Index, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../../../src/components/status.component';
import { Field } from '../../components/field.component';
import { LoadMore } from '../../components/load-more.component';
import { useConsoleTitle } from '../../components/page-title';
import { fieldError, formError } from '../../lib/field-error';
import { createPagedList } from '../../lib/paged-list';
import { ClientsPageQuery, CreateClientMutation } from './clients.queries';

/** /app/clients: search, the archived filter, the list by name a page at a time, and a new client. */
export function ClientsPage(): JSX.Element {
  useConsoleTitle(() => ['Clients']);
  const [search, setSearch] = createSignal('');
  const [archived, setArchived] = createSignal(false);
  const list = createPagedList(
    ClientsPageQuery,
    () => ({ search: search().trim() || null, includeArchived: archived() }),
    (data) => data.clientsPage,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const typed = (value: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => setSearch(value), 250);
  };
  return (
    <>
      <h1>Clients</h1>
      <div class="toolbar" role="search">
        <Field label="Search clients and contacts">
          {(attributes) => (
            <input {...attributes} type="search" onInput={(event) => typed(event.currentTarget.value)} />
          )}
        </Field>
        <label class="checkbox">
          <input
            type="checkbox"
            checked={archived()}
            onChange={(event) => setArchived(event.currentTarget.checked)}
          />
          Show archived clients
        </label>
      </div>
      <Show when={list.error()}>
        <ErrorNote error={list.error()} retry={() => list.reload()} />
      </Show>
      <Show
        when={list.items().length || list.loading()}
        fallback={
          <p class="muted">
            {search() ? `No client matches “${search()}”.` : 'No clients yet: add the first one below.'}
          </p>
        }
      >
        <ul class="card-list" aria-busy={list.loading()}>
          <For each={list.items()}>
            {(client) => (
              <li class="card">
                <A href={`/app/clients/${client.id}`} class="card__title">
                  {client.name}
                </A>
                <Show when={client.archived}>
                  {' '}
                  <span class="badge">Archived</span>
                </Show>
                <p class="muted">
                  {client.contacts.length
                    ? client.contacts.map((contact) => contact.name).join(', ')
                    : 'No contacts yet'}
                </p>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <LoadMore hasMore={list.hasMore()} loading={list.loading()} onMore={list.loadMore} what="clients" />
      <NewClient />
    </>
  );
}

/** A new client with its first contacts; the form keeps what was typed when the server refuses. */
function NewClient(): JSX.Element {
  const navigate = useNavigate();
  const [name, setName] = createSignal('');
  const [contacts, setContacts] = createSignal([{ name: '', email: '' }]);
  const [state, create] = createMutation(CreateClientMutation);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const input = {
      name: name(),
      contacts: contacts().filter((contact) => contact.name.trim() || contact.email.trim()),
    };
    const result = await create({ input });
    if (result.data) navigate(`/app/clients/${result.data.createClient.id}`);
  };
  const setContact = (index: number, key: 'name' | 'email', value: string) =>
    setContacts((all) => all.map((contact, i) => (i === index ? { ...contact, [key]: value } : contact)));
  return (
    <section aria-labelledby="new-client" class="panel">
      <h2 id="new-client">New client</h2>
      <form class="form" onSubmit={submit}>
        <Show when={formError(state.error, ['input.name', 'input.contacts'])}>
          <ErrorNote error={state.error} />
        </Show>
        <Field label="Client's name" error={fieldError(state.error, 'input.name')}>
          {(attributes) => (
            <input
              {...attributes}
              value={name()}
              required
              onInput={(event) => setName(event.currentTarget.value)}
            />
          )}
        </Field>
        <Index each={contacts()}>
          {(contact, index) => (
            <fieldset class="contact-fields">
              <legend>Contact {index + 1}</legend>
              <Field label="Name" error={fieldError(state.error, `input.contacts.${index}.name`)}>
                {(attributes) => (
                  <input
                    {...attributes}
                    value={contact().name}
                    onInput={(event) => setContact(index, 'name', event.currentTarget.value)}
                  />
                )}
              </Field>
              <Field label="Email" error={fieldError(state.error, `input.contacts.${index}.email`)}>
                {(attributes) => (
                  <input
                    {...attributes}
                    type="email"
                    value={contact().email}
                    onInput={(event) => setContact(index, 'email', event.currentTarget.value)}
                  />
                )}
              </Field>
            </fieldset>
          )}
        </Index>
        <div class="actions">
          <button
            type="button"
            class="button button--secondary"
            onClick={() => setContacts((all) => [...all, { name: '', email: '' }])}
          >
            Add another contact
          </button>
          <button type="submit" class="button" disabled={state.fetching}>
            {state.fetching ? 'Adding…' : 'Add the client'}
          </button>
        </div>
      </form>
    </section>
  );
}
