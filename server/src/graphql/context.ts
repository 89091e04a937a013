import type { Response } from 'express';
import type { Viewer } from '../auth/viewer';
import type { LiveBus } from './live/live-bus';
import type { LiveSocket } from './live/live-subscription';
import type { Services } from '../services';
import type { Loaders } from './loaders';

/** What every resolver receives: who is asking, this request's id and loaders, and the services. */
export interface GraphQLContext {
  viewer: Viewer | null;
  /** The HTTP exchange: to set the session cookie, and the caller's address for rate limits. */
  http: { res: Response; ip: string; secureCookies: boolean };
  requestId: string;
  services: Services;
  loaders: Loaders;
  /** The live bus, to announce what it cannot learn from the log (a sign-out is no event). */
  liveBus: LiveBus;
  /**
   * An answer being computed to be kept (answer-cache.plugin.ts): a resolver whose value the
   * clock alone will change says when, and the kept answer holds until then at most.
   */
  answer?: { holdsUntil(at: Date): void };
  /** Over WebSocket (live.server.ts): the socket a subscription runs on; absent over HTTP. */
  live?: LiveSocket;
}
