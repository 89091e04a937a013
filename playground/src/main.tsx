import './monaco-workers';
import 'graphiql/style.css';
import './playground.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { useMemo, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';

const TOKEN_KEY = 'client-portal:playground:token';
const DEFAULT_QUERY = '{ viewer { __typename } }';

function readToken(): string {
  try {
    return localStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

function writeToken(token: string): void {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage disabled: the token lives only as long as the page.
  }
}

/** A `?token=` in the address is stored once, then removed from the address bar. */
function takeTokenFromUrl(): void {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token === null) return;
  writeToken(token.trim());
  url.searchParams.delete('token');
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
}

function Playground() {
  const [token, setToken] = useState(readToken);
  const [draft, setDraft] = useState(token);

  // POSTs JSON to /graphql on this origin; the preflight header satisfies Apollo's CSRF prevention.
  const fetcher = useMemo(
    () =>
      createGraphiQLFetcher({
        url: '/graphql',
        enableIncrementalDelivery: false,
        headers: {
          'content-type': 'application/json',
          'apollo-require-preflight': 'true',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
      }),
    [token],
  );

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = draft.trim();
    writeToken(next);
    setToken(next);
    setDraft(next);
  }

  return (
    <div className="playground">
      <form className="playground-token" onSubmit={save}>
        <strong>Client Portal — GraphQL playground</strong>
        <label htmlFor="api-token">API token</label>
        <input
          id="api-token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit">Save</button>
        <output>{token ? 'Token saved' : 'No token'}</output>
      </form>
      <div className="playground-editor">
        <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} />
      </div>
    </div>
  );
}

takeTokenFromUrl();
createRoot(document.getElementById('root')!).render(<Playground />);
