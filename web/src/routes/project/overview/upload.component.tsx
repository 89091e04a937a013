import { useClient } from '@urql/solid';
import { createSignal, onCleanup, onMount, type JSX } from 'solid-js';
import { createStore } from 'solid-js/store';
import { UploadList, type UploadItem } from './upload-list.component';
import { UploadError, uploadDocument } from './upload.service';

const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;

/**
 * Upload by the button (a real file input) or by dropping files on the zone.
 * Files go one after the other; each finished one calls `onUploaded`.
 */
export function Upload(props: { projectId: string; onUploaded: () => void }): JSX.Element {
  const client = useClient();
  const [items, setItems] = createStore<UploadItem[]>([]);
  const [over, setOver] = createSignal(false);
  const [announcement, setAnnouncement] = createSignal('');
  const waiting = new Map<number, File>();
  let nextId = 0;
  let running = false;
  let input: HTMLInputElement | undefined;
  let chooser: HTMLButtonElement | undefined;

  const update = (id: number, change: Partial<UploadItem>) => setItems((item) => item.id === id, change);

  const sendAll = async () => {
    if (running) return;
    running = true;
    for (let next = waiting.entries().next(); !next.done; next = waiting.entries().next()) {
      const [id, file] = next.value;
      waiting.delete(id);
      update(id, { state: 'sending' });
      try {
        await uploadDocument(client, props.projectId, file, (loaded, total) => {
          const percent = total > 0 ? Math.min(100, Math.round((loaded / total) * 100)) : 0;
          update(id, percent < 100 ? { percent } : { percent, state: 'saving' });
        });
        update(id, { state: 'done', percent: 100 });
        setAnnouncement(`${file.name} was uploaded.`);
        props.onUploaded();
      } catch (error) {
        const message =
          error instanceof UploadError
            ? error.message
            : `${file.name} was not uploaded: something went wrong. Please try again.`;
        update(id, { state: 'failed', message });
      }
    }
    running = false;
  };

  const add = (files: FileList | null | undefined) => {
    const chosen = Array.from(files ?? []);
    if (chosen.length === 0) return;
    for (const file of chosen) {
      const id = ++nextId;
      waiting.set(id, file);
      setItems(items.length, { id, name: file.name, state: 'waiting', percent: 0, message: '' });
    }
    setAnnouncement(
      chosen.length === 1 ? `Uploading ${chosen[0].name}…` : `Uploading ${chosen.length} files…`,
    );
    void sendAll();
  };

  /** Only the uploads still going stay; focus goes back to the upload button (the one clicked is gone). */
  const clearFinished = () => {
    setItems(
      items.filter((item) => item.state !== 'done' && item.state !== 'failed').map((item) => ({ ...item })),
    );
    chooser?.focus();
  };

  const onDragOver = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  const onDragLeave = (event: DragEvent) => {
    const zone = event.currentTarget as HTMLElement;
    if (!zone.contains(event.relatedTarget as Node | null)) setOver(false);
  };
  const onDrop = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    setOver(false);
    add(event.dataTransfer?.files);
  };

  // A file dropped beside the zone must not replace the portal with the file.
  onMount(() => {
    const refuse = (event: DragEvent) => {
      if (event.defaultPrevented || !carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'none';
    };
    window.addEventListener('dragover', refuse);
    window.addEventListener('drop', refuse);
    onCleanup(() => {
      window.removeEventListener('dragover', refuse);
      window.removeEventListener('drop', refuse);
    });
  });

  return (
    <div class="upload-area">
      <div
        class="dropzone"
        classList={{ 'dropzone--over': over() }}
        onDragEnter={onDragOver}
        onDragOver={onDragOver}
        onDragLeave={onDragLeave}
        onDrop={onDrop}
      >
        <p class="dropzone__hint">{over() ? 'Drop to upload' : 'Drag files here to share them, or'}</p>
        <button ref={chooser} type="button" class="button" onClick={() => input?.click()}>
          Upload files
        </button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          aria-label="Files to upload"
          onChange={(event) => {
            add(event.currentTarget.files);
            event.currentTarget.value = '';
          }}
        />
      </div>
      <UploadList items={items} onClear={clearFinished} />
      <p class="visually-hidden" role="status">
        {announcement()}
      </p>
    </div>
  );
}
