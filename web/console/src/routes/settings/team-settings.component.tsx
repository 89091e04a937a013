import { createMutation } from '@urql/solid';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../../../src/components/status.component';
import { formatDateTime } from '../../../../src/lib/format';
import { ConfirmButton } from '../../components/confirm.component';
import { Field } from '../../components/field.component';
import { fieldError, formError } from '../../lib/field-error';
import {
  InviteMemberMutation,
  RemoveMemberMutation,
  SetMemberRoleMutation,
  type SettingsWorkspace,
} from './settings.queries';

type Member = SettingsWorkspace['members'][number];
type Role = Member['role'];

const ROLES: { value: Role; label: string }[] = [
  { value: 'MEMBER', label: 'Member: clients, projects, invoices and tasks' },
  { value: 'OWNER', label: 'Owner: also the team and everyone’s API tokens' },
];

/** Settings → Team: who is in the workspace; an owner invites, changes roles and removes. */
export function TeamSettings(props: {
  workspace: SettingsWorkspace;
  meId: string;
  owner: boolean;
  onChange: () => void;
}): JSX.Element {
  return (
    <>
      <section class="panel" aria-labelledby="team-heading">
        <h2 id="team-heading">Team</h2>
        <Show when={!props.owner}>
          <p class="muted">Only an owner changes the team.</p>
        </Show>
        <ul class="card-list">
          <For each={props.workspace.members}>
            {(member) => (
              <MemberCard
                member={member}
                me={member.id === props.meId}
                owner={props.owner}
                lastOwner={
                  member.role === 'OWNER' &&
                  props.workspace.members.filter((m) => m.role === 'OWNER').length === 1
                }
                onChange={props.onChange}
              />
            )}
          </For>
        </ul>
      </section>
      <Show when={props.owner}>
        <Invite onChange={props.onChange} />
      </Show>
    </>
  );
}

function MemberCard(props: {
  member: Member;
  me: boolean;
  owner: boolean;
  /** The workspace's only owner: the server refuses both, so neither is offered. */
  lastOwner: boolean;
  onChange: () => void;
}): JSX.Element {
  const [roleState, setRole] = createMutation(SetMemberRoleMutation);
  const [removing, remove] = createMutation(RemoveMemberMutation);
  return (
    <li class="card">
      <p class="card__title">
        {props.member.name}
        {props.me ? ' (you)' : ''}
      </p>
      <p class="muted">
        {props.member.email} ·{' '}
        {props.member.lastSignedInAt
          ? `last signed in ${formatDateTime(props.member.lastSignedInAt)}`
          : 'not signed in yet'}
      </p>
      <Show
        when={props.owner && !props.lastOwner}
        fallback={
          <p>
            {props.member.role === 'OWNER' ? 'Owner' : 'Member'}
            <Show when={props.owner && props.lastOwner}>
              {`: the only one. Make another member an owner before changing ${props.member.name}'s role or removing them.`}
            </Show>
          </p>
        }
      >
        <div class="actions">
          <Field label={`Role of ${props.member.name}`} error={fieldError(roleState.error, 'role', 'id')}>
            {(attributes) => (
              <select
                {...attributes}
                disabled={roleState.fetching}
                onChange={async (event) => {
                  const result = await setRole({
                    id: props.member.id,
                    role: event.currentTarget.value as Role,
                  });
                  if (result.error) event.currentTarget.value = props.member.role;
                  else props.onChange();
                }}
              >
                <For each={ROLES}>
                  {(role) => (
                    <option value={role.value} selected={props.member.role === role.value}>
                      {role.label}
                    </option>
                  )}
                </For>
              </select>
            )}
          </Field>
          <ConfirmButton
            label={`Remove ${props.member.name}`}
            warning={`${props.member.name} is signed out at once and their API tokens stop working. What they did stays in the history.`}
            busy={removing.fetching}
            onConfirm={async () => {
              const result = await remove({ id: props.member.id });
              if (!result.error) props.onChange();
            }}
          />
        </div>
        <Show when={removing.error}>
          <ErrorNote error={removing.error} />
        </Show>
      </Show>
    </li>
  );
}

function Invite(props: { onChange: () => void }): JSX.Element {
  const [name, setName] = createSignal('');
  const [email, setEmail] = createSignal('');
  const [role, setRole] = createSignal<Role>('MEMBER');
  const [invited, setInvited] = createSignal<string>();
  const [state, invite] = createMutation(InviteMemberMutation);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setInvited(undefined);
    const result = await invite({ input: { name: name(), email: email(), role: role() } });
    if (result.error) return;
    setInvited(email());
    setName('');
    setEmail('');
    props.onChange();
  };
  return (
    <section class="panel" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite a teammate</h2>
      <p class="muted">They get an email with a link to sign in; no password.</p>
      <form class="form" onSubmit={submit}>
        <Show when={formError(state.error, ['input.name', 'input.email', 'input.role'])}>
          <ErrorNote error={state.error} />
        </Show>
        <Field label="Name" error={fieldError(state.error, 'input.name')}>
          {(attributes) => (
            <input {...attributes} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
          )}
        </Field>
        <Field label="Email" error={fieldError(state.error, 'input.email')}>
          {(attributes) => (
            <input
              {...attributes}
              type="email"
              value={email()}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field label="Role" error={fieldError(state.error, 'input.role')}>
          {(attributes) => (
            <select {...attributes} onChange={(e) => setRole(e.currentTarget.value as Role)}>
              <For each={ROLES}>
                {(r) => (
                  <option value={r.value} selected={role() === r.value}>
                    {r.label}
                  </option>
                )}
              </For>
            </select>
          )}
        </Field>
        <div class="actions">
          <button type="submit" class="button" disabled={state.fetching}>
            {state.fetching ? 'Inviting…' : 'Send the invitation'}
          </button>
          <Show when={invited()}>
            <p role="status">Invitation sent to {invited()}.</p>
          </Show>
        </div>
      </form>
    </section>
  );
}
