import { useSearchParams } from '@solidjs/router';
import { For, type JSX } from 'solid-js';

export interface TabDefinition<Id extends string> {
  id: Id;
  label: string;
}

/**
 * The page's tab in its address (?tab=…), so a link, a reload or the back
 * button lands on the same tab; an unknown tab is the first.
 */
export function useTab<Id extends string>(tabs: readonly TabDefinition<Id>[]): [() => Id, (id: Id) => void] {
  const [search, setSearch] = useSearchParams<{ tab?: string }>();
  const current = (): Id => tabs.find((t) => t.id === search.tab)?.id ?? tabs[0].id;
  return [current, (id: Id) => setSearch({ tab: id })];
}

/**
 * A tab list as WAI-ARIA describes it: one tab stop, arrows move between the
 * tabs, the panel is labelled by its tab. The panel's content is `children`.
 */
export function Tabs<Id extends string>(props: {
  label: string;
  tabs: readonly TabDefinition<Id>[];
  current: Id;
  onSelect: (id: Id) => void;
  children: JSX.Element;
}): JSX.Element {
  const panel = `${props.label.toLowerCase().replace(/\W+/g, '-')}-panel`;
  const onKey = (event: KeyboardEvent) => {
    const index = props.tabs.findIndex((t) => t.id === props.current);
    const keys: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: props.tabs.length - 1,
    };
    if (!(event.key in keys)) return;
    event.preventDefault();
    const target = props.tabs[(keys[event.key] + props.tabs.length) % props.tabs.length];
    props.onSelect(target.id);
    document.getElementById(`tab-${target.id}`)?.focus();
  };
  return (
    <>
      <div class="tabs" role="tablist" aria-label={props.label} onKeyDown={onKey}>
        <For each={props.tabs}>
          {(t) => (
            <a
              id={`tab-${t.id}`}
              role="tab"
              class="tab"
              href={`?tab=${t.id}`}
              aria-selected={props.current === t.id}
              aria-controls={panel}
              tabIndex={props.current === t.id ? 0 : -1}
              onClick={(event) => {
                event.preventDefault();
                props.onSelect(t.id);
              }}
            >
              {t.label}
            </a>
          )}
        </For>
      </div>
      <section id={panel} class="tab-panel" role="tabpanel" aria-labelledby={`tab-${props.current}`}>
        {props.children}
      </section>
    </>
  );
}
