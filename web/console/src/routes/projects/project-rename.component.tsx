import { createMutation } from '@urql/solid';
import { createSignal, type JSX } from 'solid-js';
import { Field } from '../../components/field.component';
import { fieldError } from '../../lib/field-error';
import { RenameProjectMutation } from './projects.queries';

/**
 * The project's new name: made afresh each time it opens (the current name,
 * no refusal left from before), focused, and closed on save or Cancel.
 */
export function ProjectRename(props: { id: string; name: string; onDone: () => void }): JSX.Element {
  const [name, setName] = createSignal(props.name);
  const [renaming, rename] = createMutation(RenameProjectMutation);
  return (
    <form
      class="form form--inline"
      aria-label="Rename the project"
      onSubmit={async (event) => {
        event.preventDefault();
        const result = await rename({ id: props.id, name: name() });
        if (!result.error) props.onDone();
      }}
    >
      <Field label="Project's name" error={fieldError(renaming.error, 'name')}>
        {(attributes) => (
          <input
            {...attributes}
            ref={(element) => queueMicrotask(() => element.focus())}
            value={name()}
            onInput={(event) => setName(event.currentTarget.value)}
          />
        )}
      </Field>
      <button type="submit" class="button" disabled={renaming.fetching}>
        Save
      </button>
      <button type="button" class="button button--secondary" onClick={() => props.onDone()}>
        Cancel
      </button>
    </form>
  );
}
