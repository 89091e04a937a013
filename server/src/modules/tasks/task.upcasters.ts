import type { UpcasterRegistry } from '../../event-store/upcaster.registry';

/**
 * Version 2 of TaskCreated and TaskUpdated carries sharedWithClient (and
 * TaskUpdated previousSharedWithClient). A task whose events landed before
 * was shown to contacts whenever the workspace's setting allowed: shared.
 * A value already in the data (an event written at version 1 by a store
 * without these upcasters) is kept.
 */
export function registerTaskUpcasters(registry: UpcasterRegistry): UpcasterRegistry {
  return registry
    .register('TaskCreated', 1, (data) => ({ sharedWithClient: true, ...data }))
    .register('TaskUpdated', 1, (data) => ({
      sharedWithClient: true,
      previousSharedWithClient: true,
      ...data,
    }));
}
