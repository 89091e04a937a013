import { For, Show, type JSX } from 'solid-js';

export interface UploadItem {
  id: number;
  name: string;
  state: 'waiting' | 'sending' | 'saving' | 'done' | 'failed';
  /** 0 to 100: how much of the form has gone to the file store. */
  percent: number;
  /** Why it failed (a sentence naming the file). */
  message: string;
}

function stateLabel(item: UploadItem): string {
  switch (item.state) {
    case 'waiting':
      return 'Waiting';
    case 'sending':
      return `${item.percent}%`;
    case 'saving':
      return 'Saving…';
    case 'done':
      return 'Uploaded';
    case 'failed':
      return 'Not uploaded';
  }
}

const finished = (item: UploadItem) => item.state === 'done' || item.state === 'failed';

/** This visit's uploads: each with its progress bar, or the reason it failed (announced at once). */
export function UploadList(props: { items: UploadItem[]; onClear: () => void }): JSX.Element {
  return (
    <Show when={props.items.length > 0}>
      <Show when={props.items.some(finished)}>
        <button type="button" class="button button--link uploads__clear" onClick={() => props.onClear()}>
          Clear finished uploads
        </button>
      </Show>
      <ul class="uploads" aria-label="Your uploads">
        <For each={props.items}>
          {(item) => (
            <li class="upload" classList={{ 'upload--failed': item.state === 'failed' }}>
              <div class="upload__row">
                <span class="upload__name">{item.name}</span>
                <span class="upload__state">{stateLabel(item)}</span>
              </div>
              <Show
                when={item.state !== 'failed'}
                fallback={
                  <p class="upload__error" role="alert">
                    {item.message}
                  </p>
                }
              >
                <div
                  class="upload__bar"
                  role="progressbar"
                  aria-label={`Upload of ${item.name}`}
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={item.percent}
                  aria-valuetext={item.state === 'sending' ? `${item.percent}% sent` : stateLabel(item)}
                >
                  <div class="upload__fill" style={{ width: `${item.percent}%` }} />
                </div>
              </Show>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
