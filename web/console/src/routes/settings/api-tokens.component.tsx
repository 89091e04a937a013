import { createMutation } from '@urql/solid';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../../../src/components/status.component';
import { formatDateTime } from '../../../../src/lib/format';
import { ConfirmButton } from '../../components/confirm.component';
import { CopyButton } from '../../components/copy.component';
import { Field } from '../../components/field.component';
import { fieldError } from '../../lib/field-error';
import { CreateApiTokenMutation, RevokeApiTokenMutation, type Settings } from './settings.queries';

type Token = Settings['member']['apiTokens'][number];

/**
 * Settings → API tokens: a new token for the GraphQL API (shown once), the
 * member's live tokens with their last use, revoke; an owner also sees and
 * revokes everyone's.
 */
export function ApiTokens(props: { settings: Settings; owner: boolean; onChange: () => void }): JSX.Element {
  const others = () =>
    props.owner ? props.settings.workspace.members.filter((m) => m.id !== props.settings.member.id) : [];
  return (
    <>
      <CreateToken onChange={props.onChange} />
      <section class="panel" aria-labelledby="my-tokens">
        <h2 id="my-tokens">Your tokens</h2>
        <TokenList
          tokens={props.settings.member.apiTokens}
          onChange={props.onChange}
          empty="You have no API token."
        />
      </section>
      <For each={others().filter((m) => m.apiTokens.length)}>
        {(member) => (
          <section class="panel" aria-label={`Tokens of ${member.name}`}>
            <h2>Tokens of {member.name}</h2>
            <TokenList tokens={member.apiTokens} onChange={props.onChange} empty="" />
          </section>
        )}
      </For>
    </>
  );
}

function CreateToken(props: { onChange: () => void }): JSX.Element {
  const [name, setName] = createSignal('');
  const [created, setCreated] = createSignal<{ name: string; token: string }>();
  const [state, create] = createMutation(CreateApiTokenMutation);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const result = await create({ name: name() });
    if (!result.data) return;
    setCreated({ name: result.data.createApiToken.apiToken.name, token: result.data.createApiToken.token });
    setName('');
    props.onChange();
  };
  return (
    <section class="panel" aria-labelledby="new-token">
      <h2 id="new-token">New API token</h2>
      <p class="muted">
        For scripts and integrations: send it as <code>Authorization: Bearer …</code> to <code>/graphql</code>
        . It acts as you.
      </p>
      <Show when={created()}>
        {(token) => (
          <div class="notice notice--success" role="status">
            <p>
              <strong>{token().name}</strong>: copy it now; it is shown only once.
            </p>
            <p class="copy-row">
              <code class="token">{token().token}</code>{' '}
              <CopyButton text={token().token} label="Copy the token" />
            </p>
          </div>
        )}
      </Show>
      <form class="form form--inline" onSubmit={submit}>
        <Field
          label="Token name"
          hint="Such as “Zapier” or “Accounting export”"
          error={fieldError(state.error, 'name')}
        >
          {(attributes) => (
            <input {...attributes} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
          )}
        </Field>
        <button type="submit" class="button" disabled={state.fetching}>
          {state.fetching ? 'Creating…' : 'Create the token'}
        </button>
      </form>
      <Show when={state.error && !fieldError(state.error, 'name')}>
        <ErrorNote error={state.error} />
      </Show>
    </section>
  );
}

function TokenList(props: { tokens: Token[]; empty: string; onChange: () => void }): JSX.Element {
  const [state, revoke] = createMutation(RevokeApiTokenMutation);
  return (
    <>
      <Show when={props.tokens.length} fallback={<p class="muted">{props.empty}</p>}>
        <ul class="card-list">
          <For each={props.tokens}>
            {(token) => (
              <li class="card">
                <p class="card__title">{token.name}</p>
                <p class="muted">
                  Created {formatDateTime(token.createdAt)} ·{' '}
                  {token.lastUsedAt ? `last used ${formatDateTime(token.lastUsedAt)}` : 'never used'}
                </p>
                <ConfirmButton
                  label={`Revoke ${token.name}`}
                  warning="Whatever uses it stops working at once; this cannot be undone."
                  busy={state.fetching}
                  onConfirm={async () => {
                    const result = await revoke({ id: token.id });
                    if (!result.error) props.onChange();
                  }}
                />
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={state.error}>
        <ErrorNote error={state.error} />
      </Show>
    </>
  );
}
