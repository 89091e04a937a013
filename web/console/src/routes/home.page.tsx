import { createMutation, createQuery } from '@urql/solid';
import { createEffect, For, Show, type JSX } from 'solid-js';
import { QueryStatus } from '../../../src/components/status.component';
import { formatDateTime } from '../../../src/lib/format';
import { ConsoleHomeQuery, SignOutMutation } from '../console.queries';

/** /app/: who is signed in, to which workspace, and its team. (The console's pages grow from here.) */
export function ConsoleHomePage(): JSX.Element {
  const [home, refetch] = createQuery({ query: ConsoleHomeQuery });
  const [, signOut] = createMutation(SignOutMutation);
  const viewer = () => {
    const value = home.data?.viewer;
    return value?.__typename === 'MemberViewer' ? value : null;
  };
  let leaving = false;
  createEffect(() => {
    if (home.data && !viewer() && !leaving) location.assign('/app/login');
    const workspace = viewer()?.workspace.name;
    document.title = workspace ? `Home · ${workspace} · Console` : 'Console';
  });
  // A full page load follows, which drops every cached answer.
  const leave = async () => {
    leaving = true;
    await signOut({});
    location.assign('/app/login?reason=signed-out');
  };

  return (
    <QueryStatus result={home} refetch={refetch} loading="Loading your workspace…">
      <Show when={viewer()}>
        {(me) => (
          <>
            <header class="console-header">
              <p class="console-header__title">{me().workspace.name}</p>
              <p>
                {me().member.name} ({me().member.role === 'OWNER' ? 'owner' : 'member'}){' '}
                <button type="button" class="button button--secondary" onClick={leave}>
                  Sign out
                </button>
              </p>
            </header>
            <main class="console-main" id="main">
              <h1>Home</h1>
              <p>
                Your clients' portal: <a href={me().workspace.portalUrl}>{me().workspace.portalUrl}</a>
              </p>
              <h2>Team</h2>
              <table class="team">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Role</th>
                    <th scope="col">Last signed in</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={me().workspace.members}>
                    {(member) => (
                      <tr>
                        <td>
                          {member.name}
                          <br />
                          <span class="muted">{member.email}</span>
                        </td>
                        <td>{member.role === 'OWNER' ? 'Owner' : 'Member'}</td>
                        <td>{member.lastSignedInAt ? formatDateTime(member.lastSignedInAt) : 'Not yet'}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </main>
          </>
        )}
      </Show>
    </QueryStatus>
  );
}
