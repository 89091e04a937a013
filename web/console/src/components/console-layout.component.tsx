import { A, useLocation, type RouteSectionProps } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createEffect, For, Match, Show, Switch, type JSX } from 'solid-js';
import { ErrorNote, Loading } from '../../../src/components/status.component';
import { ConsoleMeQuery, SignOutMutation, SwitchWorkspaceMutation, type ConsoleMe } from '../console.queries';
import { ConsoleContext, isOwner } from '../lib/console.context';
import { loginPathFor, rememberReturnTo } from '../lib/return-to';
import { isSigningOut, startSigningOut } from '../lib/signing-out';
import { NotificationBadge } from './notification-badge.component';

const NAV = [
  { href: '/app/', label: 'Home', end: true },
  { href: '/app/clients', label: 'Clients' },
  { href: '/app/projects', label: 'Projects' },
  { href: '/app/invoices', label: 'Invoices' },
  { href: '/app/activity', label: 'Activity' },
  { href: '/app/settings', label: 'Settings' },
];

/**
 * Every signed-in console page: who is signed in (anyone else goes to sign
 * in, and comes back here after), the navigation, the workspace switcher and
 * sign-out.
 */
export function ConsoleLayout(props: RouteSectionProps & { resetClient: () => void }): JSX.Element {
  const location = useLocation();
  const [result, refetch] = createQuery({ query: ConsoleMeQuery });
  const me = () => {
    const viewer = result.data?.viewer;
    return viewer?.__typename === 'MemberViewer' ? viewer : null;
  };
  createEffect(() => {
    if (result.data && !me() && !isSigningOut()) {
      const here = location.pathname + location.search;
      rememberReturnTo(here);
      window.location.assign(loginPathFor(here));
    }
  });
  return (
    <Switch fallback={<Loading label="Loading your workspace…" />}>
      <Match when={result.error && !result.data}>
        <main class="centered">
          <ErrorNote error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
        </main>
      </Match>
      <Match when={me()}>
        {(current) => (
          <ConsoleContext.Provider
            value={{
              me: current as () => ConsoleMe,
              refresh: () => refetch({ requestPolicy: 'network-only' }),
              resetClient: props.resetClient,
            }}
          >
            <div class="console">
              <ConsoleHeader me={current()} resetClient={props.resetClient} />
              <main class="console-main" id="main" tabIndex={-1}>
                {props.children}
              </main>
            </div>
          </ConsoleContext.Provider>
        )}
      </Match>
    </Switch>
  );
}

function ConsoleHeader(props: { me: ConsoleMe; resetClient: () => void }): JSX.Element {
  const [, signOut] = createMutation(SignOutMutation);
  const [switching, switchTo] = createMutation(SwitchWorkspaceMutation);
  const leave = async () => {
    startSigningOut();
    await signOut({});
    window.location.assign('/app/login?reason=signed-out');
  };
  const choose = async (workspaceId: string) => {
    const answer = await switchTo({ workspaceId });
    if (!answer.error) window.location.assign('/app/');
  };
  return (
    <header class="console-header">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <div class="console-header__workspace">
        <p class="console-header__title">{props.me.workspace.name}</p>
        <Show when={props.me.workspaces.length > 1}>
          <label class="visually-hidden" for="workspace-switch">
            Switch workspace
          </label>
          <select
            id="workspace-switch"
            class="console-header__switch"
            disabled={switching.fetching}
            onChange={(event) => choose(event.currentTarget.value)}
          >
            <For each={props.me.workspaces}>
              {(choice) => (
                <option value={choice.id} selected={choice.current}>
                  {choice.current ? `${choice.name} (this one)` : `Switch to ${choice.name}`}
                </option>
              )}
            </For>
          </select>
        </Show>
      </div>
      <nav class="console-nav" aria-label="Console">
        <For each={NAV}>
          {(item) => (
            <A
              href={item.href}
              end={item.end}
              activeClass="console-nav__link--current"
              class="console-nav__link"
            >
              {item.label}
            </A>
          )}
        </For>
      </nav>
      <p class="console-header__me">
        <NotificationBadge />
        <span>
          {props.me.member.name} ({isOwner(props.me) ? 'owner' : 'member'})
        </span>
        <button type="button" class="button button--secondary" onClick={leave}>
          Sign out
        </button>
      </p>
    </header>
  );
}
