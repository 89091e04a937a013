import { createQuery, useClient } from '@urql/solid';
import { createEffect, createSignal, For, Match, on, Show, Switch, type JSX } from 'solid-js';
import { QueryStatus } from '../../../components/status.component';
import { formatBytes, formatDateTime } from '../../../lib/format';
import { errorMessage } from '../../../lib/urql';
import { DocumentsQuery, type ProjectDocument } from './overview.queries';

/** "PDF" for brief.pdf, "File" when the name has no extension. */
function fileBadge(name: string): string {
  const extension = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1];
  return extension ? extension.toUpperCase() : 'File';
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * The project's files and links, newest first. A file's address is signed
 * for 5 minutes only: a click asks for the documents again (network-only)
 * and opens the fresh address, so a page left open for hours still downloads.
 */
export function Documents(props: { projectId: string; version: number }): JSX.Element {
  const client = useClient();
  const [result, refetch] = createQuery({
    query: DocumentsQuery,
    variables: () => ({ id: props.projectId }),
  });
  createEffect(
    on(
      () => props.version,
      () => refetch({ requestPolicy: 'network-only' }),
      { defer: true },
    ),
  );
  const documents = () => result.data?.project?.documents ?? [];
  const [preparing, setPreparing] = createSignal<string | null>(null);
  const [failure, setFailure] = createSignal('');

  const download = async (event: MouseEvent, document: ProjectDocument) => {
    // A new tab or window (modifier keys) takes the address as it is.
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (preparing()) return;
    setPreparing(document.id);
    setFailure('');
    const answer = await client
      .query(DocumentsQuery, { id: props.projectId }, { requestPolicy: 'network-only' })
      .toPromise();
    setPreparing(null);
    const fresh = answer.data?.project?.documents.find((d) => d.id === document.id);
    if (fresh) window.location.assign(fresh.url);
    else if (answer.error) setFailure(`${document.name} cannot be downloaded: ${errorMessage(answer.error)}`);
    else setFailure(`${document.name} is no longer shared on this project.`);
  };

  return (
    <QueryStatus result={result} refetch={refetch} loading="Loading the documents…">
      <Switch>
        <Match when={documents().length === 0}>
          <p class="empty">No files or links shared yet. Files you upload appear here.</p>
        </Match>
        <Match when={documents().length > 0}>
          <Show when={failure()}>
            <p class="status status--error" role="alert">
              {failure()}
            </p>
          </Show>
          <ul class="documents" aria-label="Files and links, newest first">
            <For each={documents()}>
              {(document) => (
                <li class="document">
                  <span class="badge document__badge">
                    {document.kind === 'LINK' ? 'Link' : fileBadge(document.name)}
                  </span>
                  <div class="document__body">
                    <p class="document__name">{document.name}</p>
                    <p class="document__meta">
                      {document.kind === 'LINK' ? hostOf(document.url) : formatBytes(document.size)}
                      <span aria-hidden="true"> · </span>
                      shared by {document.sharedBy.name}
                      <span aria-hidden="true"> · </span>
                      <time datetime={document.sharedAt}>{formatDateTime(document.sharedAt)}</time>
                    </p>
                  </div>
                  <Show
                    when={document.kind === 'LINK'}
                    fallback={
                      <a
                        class="button button--secondary document__action"
                        href={document.url}
                        onClick={(event) => download(event, document)}
                        aria-busy={preparing() === document.id}
                      >
                        {preparing() === document.id ? 'Preparing…' : 'Download'}
                        <span class="visually-hidden"> {document.name}</span>
                      </a>
                    }
                  >
                    <a
                      class="button button--secondary document__action"
                      href={document.url}
                      target="_blank"
                      rel="noopener noreferrer"
                    >
                      Open<span class="visually-hidden"> {document.name} (opens in a new tab)</span>
                    </a>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Match>
      </Switch>
    </QueryStatus>
  );
}
