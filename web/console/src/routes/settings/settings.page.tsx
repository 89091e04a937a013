import { createQuery } from '@urql/solid';
import { Match, Show, Switch, type JSX } from 'solid-js';
import { QueryStatus } from '../../../../src/components/status.component';
import { useConsoleTitle } from '../../components/page-title';
import { Tabs, useTab } from '../../components/tabs.component';
import { isOwner, useConsole } from '../../lib/console.context';
import { ApiTokens } from './api-tokens.component';
import { BillingSettings } from './billing-settings.component';
import { BrandingSettings } from './branding-settings.component';
import { PortalSettings } from './portal-settings.component';
import { SettingsQuery, type Settings } from './settings.queries';
import { TeamSettings } from './team-settings.component';
import { NotificationSettings } from './notification-settings.component';

const TABS = [
  { id: 'portal', label: 'Client portal' },
  { id: 'branding', label: 'Branding' },
  { id: 'billing', label: 'Billing' },
  { id: 'team', label: 'Team' },
  { id: 'notifications', label: 'Notifications' },
  { id: 'tokens', label: 'API tokens' },
] as const;

/** /app/settings?tab=…: the workspace's portal, branding, billing, team and API tokens. */
export function SettingsPage(): JSX.Element {
  const { me, refresh } = useConsole();
  const [tab, setTab] = useTab(TABS);
  useConsoleTitle(() => [TABS.find((t) => t.id === tab())!.label, 'Settings']);
  const [result, refetch] = createQuery({ query: SettingsQuery, requestPolicy: 'cache-and-network' });
  const settings = (): Settings | undefined => {
    const viewer = result.data?.viewer;
    return viewer?.__typename === 'MemberViewer' ? viewer : undefined;
  };
  // The header and every page read the workspace too (ConsoleMe): both are read again.
  const changed = () => {
    refetch({ requestPolicy: 'network-only' });
    refresh();
  };
  return (
    <>
      <h1>Settings</h1>
      <QueryStatus result={result} refetch={refetch} loading="Loading the settings…">
        <Show when={settings()}>
          {(s) => (
            <Tabs label="Settings" tabs={TABS} current={tab()} onSelect={setTab}>
              <Switch>
                <Match when={tab() === 'portal'}>
                  <PortalSettings workspace={s().workspace} onChange={changed} />
                </Match>
                <Match when={tab() === 'branding'}>
                  <BrandingSettings workspace={s().workspace} onChange={changed} />
                </Match>
                <Match when={tab() === 'billing'}>
                  <BillingSettings workspace={s().workspace} onChange={changed} />
                </Match>
                <Match when={tab() === 'team'}>
                  <TeamSettings
                    workspace={s().workspace}
                    meId={s().member.id}
                    owner={isOwner(me())}
                    onChange={changed}
                  />
                </Match>
                <Match when={tab() === 'notifications'}>
                  <NotificationSettings settings={s()} onChange={changed} />
                </Match>
                <Match when={tab() === 'tokens'}>
                  <ApiTokens settings={s()} owner={isOwner(me())} onChange={changed} />
                </Match>
              </Switch>
            </Tabs>
          )}
        </Show>
      </QueryStatus>
    </>
  );
}
