import { A, useParams } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { ErrorNote, QueryStatus } from '../../../../src/components/status.component';
import { formatDate } from '../../../../src/lib/format';
import { ConfirmButton } from '../../components/confirm.component';
import { Field } from '../../components/field.component';
import { InvoiceRow, InvoiceTableHead } from '../../components/invoice-row.component';
import { LoadMore } from '../../components/load-more.component';
import { useConsoleTitle } from '../../components/page-title';
import { fieldError } from '../../lib/field-error';
import { createPagedList } from '../../lib/paged-list';
import { InvoicesPageQuery } from '../invoices/invoices.queries';
import {
  ArchiveClientMutation,
  ClientQuery,
  CreateProjectMutation,
  RenameClientMutation,
  UnarchiveClientMutation,
} from './clients.queries';
import { ClientBilling } from './client-billing.component';
import { Contacts } from './contacts.component';
import { TableScroll } from '../../components/table-scroll.component';

/** /app/clients/:id: the client's name, access, contacts, projects and invoices. */
export function ClientPage(): JSX.Element {
  const params = useParams<{ id: string }>();
  const [result, refetch] = createQuery({ query: ClientQuery, variables: () => ({ id: params.id }) });
  const client = () => result.data?.client;
  useConsoleTitle(() => [client()?.name ?? 'Client']);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <QueryStatus result={result} refetch={refetch} loading="Loading the client…">
      <Show
        when={client()}
        fallback={
          <>
            <h1>Client not found</h1>
            <p>
              <A href="/app/clients">All clients</A>
            </p>
          </>
        }
      >
        {(c) => (
          <>
            <p class="breadcrumbs">
              <A href="/app/clients">Clients</A> /
            </p>
            <ClientName id={c().id} name={c().name} archived={c().archived} />
            <p>
              <A href={`/app/activity?clientId=${c().id}`}>Everything that happened with {c().name}</A>
            </p>
            <Access id={c().id} archived={c().archived} onChange={reload} />
            <Contacts clientId={c().id} archived={c().archived} contacts={c().contacts} onChange={reload} />
            <Projects clientId={c().id} projects={c().projects} />
            <ClientInvoices clientId={c().id} />
            <ClientBilling
              clientId={c().id}
              clientName={c().name}
              details={c().billingDetails}
              statement={result.data?.clientStatement ?? null}
            />
          </>
        )}
      </Show>
    </QueryStatus>
  );
}

function ClientName(props: { id: string; name: string; archived: boolean }): JSX.Element {
  const [editing, setEditing] = createSignal(false);
  const [name, setName] = createSignal(props.name);
  const [state, rename] = createMutation(RenameClientMutation);
  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const result = await rename({ id: props.id, name: name() });
    if (!result.error) setEditing(false);
  };
  return (
    <Show
      when={editing()}
      fallback={
        <div class="heading-row">
          <h1>
            {props.name}
            <Show when={props.archived}>
              {' '}
              <span class="badge">Archived</span>
            </Show>
          </h1>
          <button type="button" class="button button--secondary" onClick={() => setEditing(true)}>
            Rename
          </button>
        </div>
      }
    >
      <form class="form form--inline" onSubmit={save}>
        <Field label="Client's name" error={fieldError(state.error, 'name')}>
          {(attributes) => (
            <input {...attributes} value={name()} onInput={(event) => setName(event.currentTarget.value)} />
          )}
        </Field>
        <button type="submit" class="button" disabled={state.fetching}>
          Save
        </button>
        <button type="button" class="button button--secondary" onClick={() => setEditing(false)}>
          Cancel
        </button>
      </form>
    </Show>
  );
}

/** Archive and unarchive, with a plain sentence of what that does to the client's access. */
function Access(props: { id: string; archived: boolean; onChange: () => void }): JSX.Element {
  const [archiving, archive] = createMutation(ArchiveClientMutation);
  const [restoring, restore] = createMutation(UnarchiveClientMutation);
  return (
    <section class="panel" aria-labelledby="access-heading">
      <h2 id="access-heading">Portal access</h2>
      <Show
        when={props.archived}
        fallback={
          <>
            <p>Its contacts can sign in to the portal and see the client's active projects.</p>
            <ConfirmButton
              label="Archive the client"
              warning="Archiving signs every contact of this client out at once and stops their links working; nothing is deleted, and you can restore it."
              busy={archiving.fetching}
              onConfirm={async () => {
                await archive({ id: props.id });
                props.onChange();
              }}
            />
          </>
        }
      >
        <p>Archived: its contacts cannot sign in, and they are signed out everywhere.</p>
        <button
          type="button"
          class="button"
          disabled={restoring.fetching}
          onClick={async () => {
            await restore({ id: props.id });
            props.onChange();
          }}
        >
          Restore the client (its contacts may sign in again)
        </button>
      </Show>
      <Show when={archiving.error || restoring.error}>
        <ErrorNote error={archiving.error ?? restoring.error} />
      </Show>
    </section>
  );
}

function Projects(props: {
  clientId: string;
  projects: { id: string; name: string; status: string; createdAt: string }[];
}): JSX.Element {
  const [name, setName] = createSignal('');
  const [state, create] = createMutation(CreateProjectMutation);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const result = await create({ input: { clientId: props.clientId, name: name() } });
    if (result.data) window.location.assign(`/app/projects/${result.data.createProject.id}`);
  };
  return (
    <section aria-labelledby="projects-heading">
      <h2 id="projects-heading">Projects</h2>
      <Show when={props.projects.length} fallback={<p class="muted">No projects yet.</p>}>
        <ul class="card-list">
          <For each={props.projects}>
            {(project) => (
              <li class="card">
                <A href={`/app/projects/${project.id}`} class="card__title">
                  {project.name}
                </A>{' '}
                <span class="badge">{project.status.toLowerCase()}</span>
                <p class="muted">Since {formatDate(project.createdAt)}</p>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <form class="form form--inline" onSubmit={submit}>
        <Field label="New project's name" error={fieldError(state.error, 'input.name')}>
          {(attributes) => (
            <input {...attributes} value={name()} onInput={(event) => setName(event.currentTarget.value)} />
          )}
        </Field>
        <button type="submit" class="button" disabled={state.fetching}>
          Add a project
        </button>
      </form>
    </section>
  );
}

function ClientInvoices(props: { clientId: string }): JSX.Element {
  const list = createPagedList(
    InvoicesPageQuery,
    () => ({ clientId: props.clientId }),
    (data) => data.invoicesPage,
  );
  return (
    <section aria-labelledby="invoices-heading">
      <h2 id="invoices-heading">Invoices</h2>
      <Show when={list.items().length} fallback={<p class="muted">No invoices for this client yet.</p>}>
        <TableScroll label="The client's invoices">
          <table class="list-table">
            <InvoiceTableHead />
            <tbody>
              <For each={list.items()}>{(invoice) => <InvoiceRow invoice={invoice} />}</For>
            </tbody>
          </table>
        </TableScroll>
      </Show>
      <LoadMore hasMore={list.hasMore()} loading={list.loading()} onMore={list.loadMore} what="invoices" />
    </section>
  );
}
