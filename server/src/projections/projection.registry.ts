import type { InlineProjection } from './inline-projection';

/**
 * Every inline projection of the product, in the order they run. Feature
 * modules add theirs here; rebuild-projections replays into exactly these.
 */
export const inlineProjections: readonly InlineProjection[] = [];
