import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { ErrorNote, QueryStatus } from '../../../../src/components/status.component';
import { LoadMore } from '../../components/load-more.component';
import { useConsoleTitle } from '../../components/page-title';
import { createPagedList } from '../../lib/paged-list';
import { ProjectsPageQuery } from '../projects/projects.queries';
import { emptyDraft, inputOf, InvoiceEditor, type Draft } from './invoice-editor.component';
import { CreateInvoiceMutation, NewInvoiceProjectQuery } from './invoices.queries';

/** /app/invoices/new?projectId=…: a draft for the project (or first, which project). */
export function NewInvoicePage(): JSX.Element {
  useConsoleTitle(() => ['New invoice']);
  const [search] = useSearchParams<{ projectId?: string }>();
  return (
    <Show when={search.projectId} keyed fallback={<ChooseProject />}>
      {(projectId) => <NewInvoiceForm projectId={projectId} />}
    </Show>
  );
}

function ChooseProject(): JSX.Element {
  const list = createPagedList(
    ProjectsPageQuery,
    () => ({ status: 'ACTIVE' as const }),
    (data) => data.projectsPage,
  );
  return (
    <>
      <h1>New invoice</h1>
      <p>Which project is it for?</p>
      <Show when={list.error()}>
        <ErrorNote error={list.error()} retry={() => list.reload()} />
      </Show>
      <Show
        when={list.items().length || list.loading()}
        fallback={
          <p class="muted">
            No active project: <A href="/app/clients">add one from a client's page</A>.
          </p>
        }
      >
        <ul class="card-list">
          <For each={list.items()}>
            {(project) => (
              <li class="card">
                <A class="card__title" href={`/app/invoices/new?projectId=${project.id}`}>
                  {project.name}
                </A>
                <p class="muted">{project.client.name}</p>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <LoadMore hasMore={list.hasMore()} loading={list.loading()} onMore={list.loadMore} what="projects" />
    </>
  );
}

function NewInvoiceForm(props: { projectId: string }): JSX.Element {
  const navigate = useNavigate();
  const [project, refetch] = createQuery({
    query: NewInvoiceProjectQuery,
    variables: () => ({ id: props.projectId }),
  });
  const [draft, setDraft] = createSignal<Draft>(emptyDraft());
  const [problems, setProblems] = createSignal<Record<string, string>>({});
  const [state, create] = createMutation(CreateInvoiceMutation);
  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const { input, problems: found } = inputOf(draft());
    setProblems(found);
    if (Object.keys(found).length) return;
    const result = await create({ input: { ...input, projectId: props.projectId } });
    if (result.data) navigate(`/app/invoices/${result.data.createInvoice.id}`);
  };
  return (
    <QueryStatus result={project} refetch={refetch} loading="Loading the project…">
      <Show
        when={project.data?.project}
        fallback={
          <>
            <h1>Project not found</h1>
            <p>
              <A href="/app/invoices/new">Choose another project</A>
            </p>
          </>
        }
      >
        {(p) => (
          <>
            <p class="breadcrumbs">
              <A href={`/app/clients/${p().client.id}`}>{p().client.name}</A> /{' '}
              <A href={`/app/projects/${p().id}?tab=invoices`}>{p().name}</A> /
            </p>
            <h1>New invoice</h1>
            <form class="form" onSubmit={save} aria-busy={state.fetching}>
              <InvoiceEditor
                draft={draft()}
                onChange={(next) => {
                  setDraft(next);
                  // A price said to be wrong stops being so once it is put right.
                  if (Object.keys(problems()).length) setProblems(inputOf(next).problems);
                }}
                error={state.error}
                problems={problems()}
              />
              <div class="actions">
                <button type="submit" class="button" disabled={state.fetching}>
                  {state.fetching ? 'Saving…' : 'Save the draft'}
                </button>
              </div>
              <p class="muted">A draft is not sent: its client sees it once you send it.</p>
            </form>
          </>
        )}
      </Show>
    </QueryStatus>
  );
}
