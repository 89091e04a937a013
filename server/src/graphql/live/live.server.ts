import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  getOperationAST,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type ExecutionArgs,
  type GraphQLFormattedError,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AppContext } from '../../app-context';
import {
  viewerFromCredentials,
  VIEWER_HEADER,
  PREVIEW_HEADER,
  type CredentialHeaders,
} from '../../auth/request-viewer';
import type { Viewer } from '../../auth/viewer';
import type { GraphQLContext } from '../context';
import { formatError } from '../errors';
import { graphqlArmor, GRAPHQL_LIMITS } from '../graphql.server';
import { createLoaders } from '../loaders';
import { graphqlSchema } from '../schema';
import type { LiveBus } from './live-bus';
import { ACCESS_TOPIC } from './live-publisher.processor';
import type { LivePayload, LiveSocket } from './live-subscription';

/** Close codes of a live socket (4400-4499 as graphql-ws does; 1013 "try again later" for a slow consumer). */
export const LIVE_CLOSE = {
  unauthorized: 4401,
  forbidden: 4403,
  tooManySockets: 4429,
  tooSlow: 1013,
} as const;

type ConnectionParams = {
  authorization?: unknown;
  viewer?: unknown;
  preview?: unknown;
};

const viewerKey = (viewer: Viewer) =>
  viewer.kind === 'MEMBER'
    ? `member:${viewer.memberId}`
    : `contact:${viewer.contactId}:${viewer.previewBy ?? ''}`;

/** One open socket: who it is, how to ask again, and what it listens to. */
class Connection implements LiveSocket {
  checkedAt = Date.now();
  closed = false;
  private checking: Promise<boolean> | null = null;

  constructor(
    readonly socket: WebSocket,
    public viewer: Viewer,
    readonly key: string,
    private readonly credentials: CredentialHeaders,
    private readonly server: LiveServer,
  ) {}

  stillValid(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (Date.now() - this.checkedAt < this.server.recheckMs) return Promise.resolve(true);
    this.checking ??= this.check().finally(() => (this.checking = null));
    return this.checking;
  }

  /** The next stillValid() asks the database again (an announcement on ACCESS_TOPIC). */
  invalidate(): void {
    this.checkedAt = 0;
  }

  private async check(): Promise<boolean> {
    const startedAt = Date.now();
    let viewer: Viewer | null;
    try {
      viewer = await viewerFromCredentials(this.server.app, this.credentials);
    } catch {
      // The database away for a moment: nothing is delivered until it answers again.
      return false;
    }
    if (!viewer || viewerKey(viewer) !== this.key) {
      this.close(LIVE_CLOSE.forbidden, 'Access ended');
      return false;
    }
    this.viewer = viewer;
    this.checkedAt = startedAt;
    this.server.checks++;
    return !this.closed;
  }

  hasRoom(): boolean {
    if (this.closed) return false;
    if (this.socket.bufferedAmount <= this.server.app.config.LIVE_MAX_BUFFERED_BYTES) return true;
    this.tooSlow();
    return false;
  }

  tooSlow(): void {
    if (this.closed) return;
    this.server.slowDropped++;
    this.close(LIVE_CLOSE.tooSlow, 'Too slow: reconnect and catch up');
    // A consumer that reads nothing will not read the close frame either: gone in a second regardless.
    setTimeout(() => this.socket.terminate(), 1000).unref();
  }

  listen(topic: string, keys: readonly string[], listener: (payload: LivePayload) => void): () => void {
    return this.server.listen(topic, keys, listener);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close(code, reason);
  }
}

/**
 * GraphQL subscriptions over WebSocket at /graphql (graphql-transport-ws,
 * graphql-ws's useServer on ws), on the API's own HTTP server.
 *
 * - Who: the same credentials as HTTP, through viewerFromCredentials: the
 *   cookies of the upgrade request (connectionParams.viewer picks 'member' or
 *   'contact' as the x-portal-viewer header does), or
 *   connectionParams.authorization 'Bearer TOKEN', or connectionParams.preview.
 *   Nobody: closed 4401 at connection_init, as no field of Subscription is for
 *   anonymous callers. A socket on cookies must come from PUBLIC_URL's origin
 *   (cross-site WebSocket hijacking): else 4403.
 * - Only subscriptions (queries and mutations stay on HTTP, with their
 *   plugins), under the same armor and token limit as HTTP.
 * - Access is checked again per event (cached LIVE_RECHECK_MS) and at once on
 *   an ACCESS_TOPIC announcement; a lost access closes the socket 4403.
 * - Bounds: sockets per viewer (4429), subscriptions per socket
 *   (TOO_MANY_REQUESTS), bytes waiting per socket (1013), pings every
 *   LIVE_KEEPALIVE_MS.
 */
export class LiveServer {
  readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  readonly recheckMs: number;
  /** Sessions checked again (for the bench and the tests). */
  checks = 0;
  /** Sockets closed as slow consumers. */
  slowDropped = 0;
  private readonly connections = new Map<WebSocket, Connection>();
  private readonly perViewer = new Map<string, number>();
  private readonly listeners = new Map<string, Map<string, Set<(payload: LivePayload) => void>>>();
  private readonly unsubscribers: (() => void)[] = [];
  private disposable: { dispose(): Promise<void> | void } | null = null;
  private readonly publicOrigin: string;

  constructor(
    readonly app: AppContext,
    private readonly bus: LiveBus,
  ) {
    this.recheckMs = app.config.LIVE_RECHECK_MS;
    this.publicOrigin = new URL(app.config.PUBLIC_URL).origin;
  }

  get openSockets(): number {
    return this.connections.size;
  }

  async start(http: Server): Promise<void> {
    const schema = await graphqlSchema();
    const armor = graphqlArmor();
    const rules = [...specifiedRules, ...armor.validationRules];
    const showInternals = this.app.config.NODE_ENV !== 'production';
    const format = formatError(showInternals);
    const formatAll = (errors: readonly GraphQLError[]): GraphQLFormattedError[] =>
      errors.map((error) => format(error.toJSON(), error));
    this.unsubscribers.push(
      await this.bus.subscribe(ACCESS_TOPIC, (payload) =>
        this.accessChanged(payload as { workspaceId?: string }),
      ),
    );
    this.disposable = useServer<ConnectionParams>(
      {
        schema,
        isProd: this.app.config.NODE_ENV === 'production',
        onConnect: (ctx) => this.connect(ctx.extra.socket, ctx.extra.request, ctx.connectionParams ?? {}),
        onSubscribe: (ctx, _id, payload): ExecutionArgs | readonly GraphQLError[] => {
          const connection = this.connections.get(ctx.extra.socket);
          if (!connection || connection.closed) return [new GraphQLError('this socket is closing')];
          if (Object.keys(ctx.subscriptions).length > this.app.config.LIVE_MAX_SUBSCRIPTIONS_PER_SOCKET)
            return [
              new GraphQLError(
                `at most ${this.app.config.LIVE_MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions at once on one socket`,
                { extensions: { code: 'TOO_MANY_REQUESTS' } },
              ),
            ];
          let document;
          try {
            document = parse(payload.query, { maxTokens: GRAPHQL_LIMITS.maxTokens });
          } catch (error) {
            return [
              error instanceof GraphQLError ? error : new GraphQLError('could not parse the operation'),
            ];
          }
          const errors = validate(schema, document, rules);
          if (errors.length) return errors;
          const operation = getOperationAST(document, payload.operationName);
          if (operation && operation.operation !== 'subscription')
            return [
              new GraphQLError(
                'only subscriptions over WebSocket: send queries and mutations to POST /graphql',
                {
                  extensions: { code: 'BAD_REQUEST' },
                },
              ),
            ];
          return {
            schema,
            document,
            operationName: payload.operationName,
            variableValues: payload.variables,
            contextValue: this.contextFor(connection),
          };
        },
        onNext: (_ctx, _id, _payload, _args, result) =>
          result.errors ? { ...result, errors: formatAll(result.errors) } : undefined,
        onError: (_ctx, _id, _payload, errors) => formatAll(errors),
      },
      this.wss,
      this.app.config.LIVE_KEEPALIVE_MS,
    );
    http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (new URL(request.url ?? '/', 'http://localhost').pathname !== '/graphql') {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit('connection', ws, request));
    });
  }

  /** Closes every socket (1001) and stops listening to the bus. */
  async stop(): Promise<void> {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    await this.disposable?.dispose();
    this.disposable = null;
  }

  listen(topic: string, keys: readonly string[], listener: (payload: LivePayload) => void): () => void {
    let byKey = this.listeners.get(topic);
    if (!byKey) {
      const index = new Map<string, Set<(payload: LivePayload) => void>>();
      byKey = index;
      this.listeners.set(topic, index);
      void this.bus
        .subscribe(topic, (payload) => this.dispatch(index, payload as LivePayload))
        .then((unsubscribe) => this.unsubscribers.push(unsubscribe))
        .catch((error: unknown) => this.app.logger.error({ err: error, topic }, 'live: could not subscribe'));
    }
    for (const key of keys) {
      let set = byKey.get(key);
      if (!set) byKey.set(key, (set = new Set()));
      set.add(listener);
    }
    return () => {
      for (const key of keys) {
        const set = byKey.get(key);
        set?.delete(listener);
        if (set?.size === 0) byKey.delete(key);
      }
    };
  }

  private dispatch(index: Map<string, Set<(payload: LivePayload) => void>>, payload: LivePayload): void {
    const heard = new Set<(payload: LivePayload) => void>();
    for (const key of payload.keys ?? []) for (const listener of index.get(key) ?? []) heard.add(listener);
    for (const listener of heard) listener(payload);
  }

  private accessChanged(payload: { workspaceId?: string }): void {
    for (const connection of this.connections.values()) {
      if (connection.viewer.workspaceId !== payload.workspaceId) continue;
      connection.invalidate();
      void connection.stillValid();
    }
  }

  private contextFor(connection: Connection): GraphQLContext {
    const viewer = connection.viewer;
    return {
      viewer,
      live: connection,
      requestId: `ws-${randomUUID()}`,
      liveBus: this.bus,
      services: this.app.services,
      loaders: createLoaders(this.app.pool, viewer, this.app.services.timeline),
      get http(): never {
        throw new Error('no HTTP exchange over WebSocket');
      },
    };
  }

  private async connect(
    socket: WebSocket,
    request: IncomingMessage,
    params: ConnectionParams,
  ): Promise<boolean> {
    const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
    const authorization = text(params.authorization);
    const preview = text(params.preview);
    const onCookies = !authorization && !preview;
    const credentials: CredentialHeaders = authorization
      ? { authorization }
      : preview
        ? { [PREVIEW_HEADER]: preview }
        : { cookie: request.headers.cookie, [VIEWER_HEADER]: text(params.viewer) };
    const refuse = (code: number, reason: string) => {
      socket.close(code, reason);
      return false;
    };
    if (onCookies && request.headers.cookie && request.headers.origin !== this.publicOrigin)
      return refuse(LIVE_CLOSE.forbidden, 'Forbidden origin');
    const viewer = await viewerFromCredentials(this.app, credentials).catch(() => null);
    if (!viewer) return refuse(LIVE_CLOSE.unauthorized, 'Unauthorized');
    const key = viewerKey(viewer);
    const open = this.perViewer.get(key) ?? 0;
    if (open >= this.app.config.LIVE_MAX_SOCKETS_PER_VIEWER)
      return refuse(LIVE_CLOSE.tooManySockets, 'Too many sockets');
    if (socket.readyState !== socket.OPEN) return false;
    this.perViewer.set(key, open + 1);
    const connection = new Connection(socket, viewer, key, credentials, this);
    this.connections.set(socket, connection);
    socket.once('close', () => {
      connection.closed = true;
      this.connections.delete(socket);
      const left = (this.perViewer.get(key) ?? 1) - 1;
      if (left > 0) this.perViewer.set(key, left);
      else this.perViewer.delete(key);
    });
    return true;
  }
}
