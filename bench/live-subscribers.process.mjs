// The live subscribers of the live bench, in a process of their own so that they never share the
// event loop of the API they listen to, nor that of the process sending the mutations: graphql-ws
// clients over `ws`, each with a member's API token in connectionParams.authorization. Driven over IPC,
// one command at a time, each answered once:
//   { cmd: 'open', url, sockets: [{ token, projects: [id, …] }] }  one socket per item, one
//       timelineEntryAdded subscription per project id on it   → { opened, failed, subscriptions }
//   { cmd: 'heard' }    → { subscriptions, heard (those that got an entry), errors, closes, firstError }
//   { cmd: 'measure', tag }  from now, each entry whose summary holds "<tag> <seq> <sentAt>" counts:
//       its latency is the time it arrived here less sentAt (both performance.timeOrigin + now(), same
//       machine)                                               → { ok: true }
//   { cmd: 'count' }    → { received } so far
//   { cmd: 'results' }  → { received, latencies (ms, in the order heard) } and stops measuring
//   { cmd: 'close' }    → { closed }
import { performance } from 'node:perf_hooks';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const ENTRIES = `subscription($p: ID!) { timelineEntryAdded(projectId: $p) { id summary } }`;
/** Sockets opened at once (a few thousand at the same instant would only time the TCP backlog). */
const OPEN_AT_ONCE = 50;

const clients = [];
const subscriptions = [];
let errors = 0;
let firstError = null;
let closes = 0;
let measuring = null;

const now = () => performance.timeOrigin + performance.now();

function onEntry(subscription, entry) {
  subscription.heard++;
  if (!measuring) return;
  const arrived = now();
  const match = measuring.pattern.exec(entry?.summary ?? '');
  if (!match) return;
  measuring.latencies.push(arrived - Number(match[2]));
}

function openSocket(url, { token, projects }) {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (ok) => {
      if (settled) return;
      settled = true;
      resolve(ok);
    };
    const client = createClient({
      url: `${url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${token}` },
      onNonLazyError: () => settle(false),
      on: {
        connected: () => settle(true),
        closed: (event) => {
          closes++;
          firstError ??= `socket closed ${event?.code} ${event?.reason}`;
          settle(false);
        },
      },
    });
    clients.push(client);
    for (const project of projects) {
      const subscription = { heard: 0 };
      subscriptions.push(subscription);
      client.subscribe(
        { query: ENTRIES, variables: { p: project } },
        {
          next: (result) => {
            if (result.data) onEntry(subscription, result.data.timelineEntryAdded);
            if (result.errors) {
              errors++;
              firstError ??= JSON.stringify(result.errors);
            }
          },
          error: (error) => {
            errors++;
            firstError ??= String(error?.message ?? JSON.stringify(error));
          },
          complete: () => undefined,
        },
      );
    }
  });
}

async function open({ url, sockets }) {
  let opened = 0;
  let failed = 0;
  for (let i = 0; i < sockets.length; i += OPEN_AT_ONCE) {
    const results = await Promise.all(sockets.slice(i, i + OPEN_AT_ONCE).map((s) => openSocket(url, s)));
    for (const ok of results) ok ? opened++ : failed++;
  }
  return { opened, failed, subscriptions: subscriptions.length };
}

async function handle(message) {
  switch (message.cmd) {
    case 'open':
      return open(message);
    case 'heard':
      return {
        subscriptions: subscriptions.length,
        heard: subscriptions.filter((s) => s.heard > 0).length,
        errors,
        closes,
        firstError,
      };
    case 'measure':
      measuring = { pattern: new RegExp(`${message.tag} (\\d+) ([\\d.]+)`), latencies: [] };
      return { ok: true };
    case 'count':
      return { received: measuring?.latencies.length ?? 0 };
    case 'results': {
      const latencies = measuring?.latencies ?? [];
      measuring = null;
      return { received: latencies.length, latencies };
    }
    case 'close': {
      await Promise.all(clients.splice(0).map((client) => client.dispose()));
      subscriptions.length = 0;
      return { closed: true };
    }
    default:
      throw new Error(`unknown command ${JSON.stringify(message.cmd)}`);
  }
}

process.on('message', (message) => {
  handle(message).then(
    (result) => process.send({ result }),
    (error) => process.send({ error: String(error?.stack ?? error) }),
  );
});
process.on('disconnect', () => process.exit(0));
