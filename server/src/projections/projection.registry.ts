import { clientProjection } from '../modules/clients/client.projection';
import { documentProjection } from '../modules/documents/document.projection';
import { invoiceProjection } from '../modules/invoices/invoice.projection';
import { projectProjection } from '../modules/projects/project.projection';
import { taskProjection } from '../modules/tasks/task.projection';
import { timelineProjection } from '../modules/timeline/timeline.projection';
import { workspaceProjection } from '../modules/workspaces/workspace.projection';
import type { InlineProjection } from './inline-projection';

/**
 * Every inline projection of the product, in the order they run. Feature
 * modules add theirs here; rebuild-projections replays into exactly these.
 */
export const inlineProjections: readonly InlineProjection[] = [
  workspaceProjection,
  clientProjection,
  projectProjection,
  taskProjection,
  documentProjection,
  invoiceProjection,
  timelineProjection,
];
