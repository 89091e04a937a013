import type { Viewer } from '../auth/viewer';
import type { Services } from '../services';
import type { Loaders } from './loaders';

/** What every resolver receives: who is asking, this request's id and loaders, and the services. */
export interface GraphQLContext {
  viewer: Viewer | null;
  requestId: string;
  services: Services;
  loaders: Loaders;
}
