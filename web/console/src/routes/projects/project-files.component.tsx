import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { ErrorNote, QueryStatus } from '../../../../src/components/status.component';
import { formatBytes, formatDateTime } from '../../../../src/lib/format';
import { DocumentsQuery } from '../../../../src/routes/project/overview/overview.queries';
import { Upload } from '../../../../src/routes/project/overview/upload.component';
import '../../../../src/routes/project/overview/overview.css';
import { ConfirmButton } from '../../components/confirm.component';
import { Field } from '../../components/field.component';
import { fieldError, formError } from '../../lib/field-error';
import { RemoveDocumentMutation, ShareLinkMutation } from './projects.queries';

/** Files and links: upload with progress (the portal's own upload), share a link, remove. */
export function ProjectFiles(props: { projectId: string }): JSX.Element {
  const [result, refetch] = createQuery({
    query: DocumentsQuery,
    variables: () => ({ id: props.projectId }),
  });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const [removing, remove] = createMutation(RemoveDocumentMutation);
  const documents = () => result.data?.project?.documents ?? [];
  return (
    <>
      <h2>Files and links</h2>
      <QueryStatus result={result} refetch={refetch} loading="Loading the files…">
        <Show when={documents().length} fallback={<p class="muted">Nothing shared on this project yet.</p>}>
          <ul class="card-list">
            <For each={documents()}>
              {(document) => (
                <li class="card">
                  <a href={document.url} class="card__title" target="_blank" rel="noopener noreferrer">
                    {document.name}
                  </a>
                  <p class="muted">
                    {document.kind === 'FILE' ? formatBytes(document.size) : 'Link'} ·{' '}
                    {document.sharedBy.name}, {formatDateTime(document.sharedAt)}
                  </p>
                  <ConfirmButton
                    label="Remove"
                    warning={`${document.name} leaves the project for its client too; the history keeps that it was shared.`}
                    busy={removing.fetching}
                    onConfirm={async () => {
                      const answer = await remove({ id: document.id });
                      if (!answer.error) reload();
                    }}
                  />
                </li>
              )}
            </For>
          </ul>
        </Show>
      </QueryStatus>
      <Show when={removing.error}>
        <ErrorNote error={removing.error} />
      </Show>
      <div class="panel">
        <h3>Upload files</h3>
        <Upload projectId={props.projectId} onUploaded={reload} />
      </div>
      <ShareLink projectId={props.projectId} onShared={reload} />
    </>
  );
}

function ShareLink(props: { projectId: string; onShared: () => void }): JSX.Element {
  const [title, setTitle] = createSignal('');
  const [url, setUrl] = createSignal('');
  const [state, share] = createMutation(ShareLinkMutation);
  return (
    <form
      class="form panel"
      aria-labelledby="share-link"
      onSubmit={async (event) => {
        event.preventDefault();
        const answer = await share({ projectId: props.projectId, title: title(), url: url() });
        if (answer.error) return;
        setTitle('');
        setUrl('');
        props.onShared();
      }}
    >
      <h3 id="share-link">Share a link</h3>
      <Show when={formError(state.error, ['title', 'url'])}>
        <ErrorNote error={state.error} />
      </Show>
      <Field label="Title" error={fieldError(state.error, 'title')}>
        {(attributes) => (
          <input
            {...attributes}
            value={title()}
            required
            onInput={(event) => setTitle(event.currentTarget.value)}
          />
        )}
      </Field>
      <Field label="Address" hint="An http:// or https:// address." error={fieldError(state.error, 'url')}>
        {(attributes) => (
          <input
            {...attributes}
            type="url"
            value={url()}
            required
            onInput={(event) => setUrl(event.currentTarget.value)}
          />
        )}
      </Field>
      <button type="submit" class="button" disabled={state.fetching}>
        Share the link
      </button>
    </form>
  );
}
