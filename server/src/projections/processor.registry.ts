import type { AppContext } from '../app-context';
import type { AsyncProcessor } from './async-processor';

/** Every async processor of the product; the worker runs one runner for each. */
export function asyncProcessors(_context: AppContext): AsyncProcessor[] {
  return [];
}
