import { useNavigate } from '@solidjs/router';
import { For, type JSX } from 'solid-js';

export type TabId = 'overview' | 'billing' | 'tasks';

export const TAB_LABELS: Record<TabId, string> = { overview: 'Overview', billing: 'Billing', tasks: 'Tasks' };

/**
 * The project's tabs (WAI-ARIA tabs pattern): each tab is a link to
 * ?tab=…, so a tab can be bookmarked and the back button works; arrow
 * keys, Home and End move between tabs.
 */
export function ProjectTabs(props: {
  tabs: TabId[];
  current: TabId;
  projectPath: string;
  children: JSX.Element;
}): JSX.Element {
  const navigate = useNavigate();
  const href = (tab: TabId) => `${props.projectPath}?tab=${tab}`;
  const onKeyDown = (event: KeyboardEvent) => {
    const index = props.tabs.indexOf(props.current);
    const last = props.tabs.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? index === last
          ? 0
          : index + 1
        : event.key === 'ArrowLeft'
          ? index === 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    navigate(href(props.tabs[next]));
    queueMicrotask(() => document.getElementById(`tab-${props.tabs[next]}`)?.focus());
  };
  return (
    <>
      <div class="tabs" role="tablist" aria-label="Project" onKeyDown={onKeyDown}>
        <For each={props.tabs}>
          {(tab) => (
            <a
              id={`tab-${tab}`}
              role="tab"
              class="tab"
              href={href(tab)}
              aria-selected={props.current === tab}
              aria-controls="tab-panel"
              tabIndex={props.current === tab ? 0 : -1}
              onClick={(event) => {
                event.preventDefault();
                navigate(href(tab));
              }}
            >
              {TAB_LABELS[tab]}
            </a>
          )}
        </For>
      </div>
      <section
        id="tab-panel"
        class="tab-panel"
        role="tabpanel"
        aria-labelledby={`tab-${props.current}`}
        tabIndex={0}
      >
        {props.children}
      </section>
    </>
  );
}
