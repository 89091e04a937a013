import { createMutation, useClient } from '@urql/solid';
import { createSignal, createUniqueId, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../../../src/components/status.component';
import { UploadError, uploadFile } from '../../../../src/routes/project/overview/upload.service';
import { ConfirmButton } from '../../components/confirm.component';
import { CompleteBrandingUploadMutation, RemoveBrandingImageMutation } from './settings.queries';

const KINDS = {
  LOGO: { what: 'logo', shown: 'in the portal, on its sign-in page and in emails' },
  BACKGROUND_IMAGE: { what: 'background image', shown: "behind the portal's sign-in page" },
} as const;

/**
 * The logo or the sign-in background: what is set now, upload (with progress)
 * or replace, and remove (asked first). PNG, JPEG, GIF or WebP, up to 5 MiB,
 * as the server checks it too.
 */
export function BrandingImage(props: {
  image: keyof typeof KINDS;
  url: string | null;
  onChange: () => void;
}): JSX.Element {
  const client = useClient();
  const id = createUniqueId();
  const kind = () => KINDS[props.image];
  const [progress, setProgress] = createSignal<number | null>(null);
  const [problem, setProblem] = createSignal<string>();
  // The address stays the same when the image changes: a new query makes the browser fetch it again.
  const [version, setVersion] = createSignal(0);
  const [removing, remove] = createMutation(RemoveBrandingImageMutation);
  const upload = async (file: File) => {
    setProblem(undefined);
    setProgress(0);
    try {
      await uploadFile(
        client,
        { purpose: props.image },
        file,
        (loaded, total) => setProgress(total ? Math.round((loaded / total) * 100) : 0),
        (uploadId) => client.mutation(CompleteBrandingUploadMutation, { uploadId }).toPromise(),
      );
      setVersion((v) => v + 1);
      props.onChange();
    } catch (error) {
      setProblem(
        error instanceof UploadError ? error.message : `${file.name} was not uploaded: please try again.`,
      );
    } finally {
      setProgress(null);
    }
  };
  return (
    <div class="branding-image">
      <h3 id={`${id}-heading`}>{kind().what[0].toUpperCase() + kind().what.slice(1)}</h3>
      <p class="muted">Shown {kind().shown}. PNG, JPEG, GIF or WebP, up to 5 MiB.</p>
      <Show when={props.url} fallback={<p class="muted">None yet.</p>}>
        {(url) => (
          <img
            class={`branding-image__preview branding-image__preview--${props.image.toLowerCase()}`}
            src={`${url()}?v=${version()}`}
            alt={`The current ${kind().what}`}
          />
        )}
      </Show>
      <label class="field__label" for={`${id}-file`}>
        {props.url ? `Replace the ${kind().what}` : `Upload a ${kind().what}`}
      </label>
      <input
        id={`${id}-file`}
        type="file"
        accept="image/png,image/jpeg,image/gif,image/webp"
        aria-describedby={problem() ? `${id}-error` : undefined}
        disabled={progress() !== null}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file) void upload(file);
        }}
      />
      <Show when={progress() !== null}>
        <progress max={100} value={progress()!} aria-label={`Uploading the ${kind().what}`}>
          {progress()}%
        </progress>
      </Show>
      <Show when={problem()}>
        <p class="field__error" id={`${id}-error`} role="alert">
          {problem()}
        </p>
      </Show>
      <Show when={props.url}>
        <ConfirmButton
          label={`Remove the ${kind().what}`}
          warning={
            props.image === 'LOGO'
              ? 'The portal and emails then show your company name instead.'
              : 'The sign-in page then shows your accent colour instead.'
          }
          busy={removing.fetching}
          onConfirm={async () => {
            const result = await remove({ image: props.image });
            if (!result.error) props.onChange();
          }}
        />
      </Show>
      <Show when={removing.error}>
        <ErrorNote error={removing.error} />
      </Show>
    </div>
  );
}
