import { useClient } from '@urql/solid';
import type { CombinedError } from '@urql/core';
import type { ResultOf } from '../../../graphql/graphql';
import { batch, createSignal, createUniqueId, For, Match, onMount, Show, Switch, type JSX } from 'solid-js';
import { ErrorNote, Loading } from '../../../components/status.component';
import { formatDateTime } from '../../../lib/format';
import { linkify } from '../../../lib/linkify';
import { followLive } from '../../../lib/live';
import { splitError } from '../tasks/task-fields';
import {
  MESSAGES_PAGE,
  MessagePostedSubscription,
  MessagesQuery,
  PostMessageMutation,
  type Message,
} from './conversation.queries';
import './conversation.css';

type Edge = { cursor: string; node: Message };

/** A message's text as text nodes, its http(s) addresses as links opening in a new tab; never HTML. */
export function MessageText(props: { body: string }): JSX.Element {
  return (
    <p class="conversation__body">
      <For each={linkify(props.body)}>
        {(part) =>
          part.kind === 'link' ? (
            <a href={part.href} target="_blank" rel="noopener noreferrer">
              {part.text}
            </a>
          ) : (
            part.text
          )
        }
      </For>
    </p>
  );
}

/** Newer edges first, then the older ones not already there (a message posted since shifts pages). */
function merge(newer: readonly Edge[], older: readonly Edge[]): Edge[] {
  const seen = new Set(newer.map((edge) => edge.node.id));
  return [...newer, ...older.filter((edge) => !seen.has(edge.node.id))];
}

/**
 * A project's conversation, newest first, older messages by cursor on "Load
 * more", and a form to write (hidden where nothing may be posted, such as a
 * member's preview of the portal: `readOnlyNote` says why). Shared by the
 * portal's Overview and the console's Messages tab. Live: a message posted
 * meanwhile, by anyone, comes in on top (once, by id); after the socket came
 * back from a drop the newest page is asked again for what was missed.
 */
export function Conversation(props: {
  projectId: string;
  /** Whose socket the live messages come over: the portal's contact, or the console's member. */
  viewer: 'contact' | 'member';
  /** Shown instead of the form; unset: the viewer may post. */
  readOnlyNote?: string | null;
  headingLevel?: 'h2' | 'h3';
  /** After a message is posted (the page may refresh what shows it, such as the activity). */
  onPosted?: () => void;
}): JSX.Element {
  const id = createUniqueId();
  const client = useClient();
  const [edges, setEdges] = createSignal<Edge[]>([]);
  const [hasMore, setHasMore] = createSignal(false);
  const [loaded, setLoaded] = createSignal(false);
  const [loading, setLoading] = createSignal(false);
  const [loadError, setLoadError] = createSignal<CombinedError | undefined>();
  const [body, setBody] = createSignal('');
  const [posting, setPosting] = createSignal(false);
  const [postError, setPostError] = createSignal<CombinedError | undefined>();
  const [local, setLocal] = createSignal<string>();
  const [announcement, setAnnouncement] = createSignal('');
  const split = () => splitError(postError(), { body: 'Your message' });
  const bodyError = () => local() ?? split().fields.body;
  let field: HTMLTextAreaElement | undefined;

  const fetchPage = async (after: string | null) => {
    setLoading(true);
    setLoadError(undefined);
    const answer = await client
      .query(
        MessagesQuery,
        { id: props.projectId, first: MESSAGES_PAGE, after },
        { requestPolicy: 'network-only' },
      )
      .toPromise();
    const page = answer.data?.project?.messages;
    batch(() => {
      setLoading(false);
      if (!page) return setLoadError(answer.error);
      setEdges((shown) => (after ? merge(shown, page.edges) : merge(page.edges, shown)));
      if (after || !loaded()) setHasMore(page.pageInfo.hasNextPage);
      setLoaded(true);
    });
    return page?.edges.length ?? 0;
  };
  // A live message has no cursor here: it goes on top, and the next first page gives it one.
  followLive<ResultOf<typeof MessagePostedSubscription>, { projectId: string }>(
    client,
    props.viewer,
    MessagePostedSubscription,
    { projectId: props.projectId },
    (data) =>
      setEdges((shown) =>
        // Once by id: this viewer's own message is already shown (with its cursor, perhaps).
        shown.some((edge) => edge.node.id === data.messagePosted.id)
          ? shown
          : [{ cursor: '', node: data.messagePosted }, ...shown],
      ),
    () => void fetchPage(null),
  );
  let section: HTMLElement | undefined;
  onMount(async () => {
    await fetchPage(null);
    // An email's link (…?tab=overview#conversation) lands here once the messages are in.
    if (location.hash === '#conversation') section?.scrollIntoView();
  });

  const loadMore = async () => {
    const after = edges().at(-1)?.cursor;
    if (!after || loading()) return;
    const added = await fetchPage(after);
    setAnnouncement(added ? `${added} older messages loaded.` : 'No older messages.');
  };

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (posting()) return;
    if (!body().trim()) {
      setLocal('Write a message first.');
      field?.focus();
      return;
    }
    batch(() => {
      setLocal(undefined);
      setPostError(undefined);
      setPosting(true);
    });
    const result = await client
      .mutation(PostMessageMutation, { projectId: props.projectId, body: body() })
      .toPromise();
    setPosting(false);
    const message = result.data?.postMessage;
    if (!message) {
      // What was typed stays, the refusal at the field.
      setPostError(result.error);
      field?.focus();
      return;
    }
    batch(() => {
      setBody('');
      // The cursor of a new message is not known here: the first page is asked again, older ones stay.
      setEdges((shown) => merge([{ cursor: '', node: message }], shown));
      setAnnouncement('Message posted.');
    });
    void fetchPage(null);
    props.onPosted?.();
  };

  const Heading = (headingProps: { children: JSX.Element }) =>
    props.headingLevel === 'h3' ? (
      <h3 id={`${id}-heading`}>{headingProps.children}</h3>
    ) : (
      <h2 id={`${id}-heading`}>{headingProps.children}</h2>
    );

  return (
    <section ref={section} id="conversation" class="conversation" aria-labelledby={`${id}-heading`}>
      <Heading>Conversation</Heading>
      <Show when={!props.readOnlyNote} fallback={<p class="conversation__note">{props.readOnlyNote}</p>}>
        <form class="form conversation__form" onSubmit={onSubmit} novalidate>
          <label for={`${id}-body`}>Your message</label>
          <textarea
            ref={field}
            id={`${id}-body`}
            name="body"
            rows={3}
            value={body()}
            onInput={(event) => setBody(event.currentTarget.value)}
            aria-invalid={bodyError() ? 'true' : undefined}
            aria-describedby={bodyError() ? `${id}-body-error` : undefined}
          />
          <Show when={bodyError()}>
            <p id={`${id}-body-error`} class="conversation__error">
              {bodyError()}
            </p>
          </Show>
          <Show when={split().general}>
            <ErrorNote error={split().general} />
          </Show>
          <div>
            <button type="submit" class="button" aria-disabled={posting()}>
              {posting() ? 'Sending…' : 'Send message'}
            </button>
          </div>
        </form>
      </Show>
      <Switch>
        <Match when={!loaded() && loadError()}>
          <ErrorNote error={loadError()} retry={() => void fetchPage(null)} />
        </Match>
        <Match when={!loaded()}>
          <Loading label="Loading the conversation…" />
        </Match>
        <Match when={edges().length === 0}>
          <p class="conversation__empty">No messages yet.</p>
        </Match>
        <Match when={edges().length > 0}>
          <ol class="conversation__list" aria-label="Messages, newest first">
            <For each={edges()}>
              {(edge) => (
                <li class="conversation__message">
                  <p class="conversation__meta">
                    <span class="conversation__author">{edge.node.author.name}</span>
                    <span aria-hidden="true"> · </span>
                    <time datetime={edge.node.postedAt}>{formatDateTime(edge.node.postedAt)}</time>
                  </p>
                  <MessageText body={edge.node.body} />
                </li>
              )}
            </For>
          </ol>
          <Show when={loaded() && loadError()}>
            <ErrorNote error={loadError()} retry={loadMore} />
          </Show>
          <Show when={hasMore() && !loadError()}>
            <button
              type="button"
              class="button button--secondary"
              onClick={loadMore}
              aria-disabled={loading()}
            >
              {loading() ? 'Loading…' : 'Load more'}
            </button>
          </Show>
        </Match>
      </Switch>
      <p class="visually-hidden" role="status">
        {announcement()}
      </p>
    </section>
  );
}
