import type { createBullBoard as CreateBullBoard } from '@bull-board/api';
import type { BullMQAdapter as BullMQAdapterClass } from '@bull-board/api/bullMQAdapter';
import type { ExpressAdapter as ExpressAdapterClass } from '@bull-board/express';
import { Router, type RequestHandler } from 'express';
import type { OpsQueues } from './ops-queues';
import { operatorOnly } from './operator-only';

export const ADMIN_BASE_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues, for the operator only (operator-only.ts): it
 * shows and acts on every workspace's jobs, so no workspace member or contact
 * ever reaches it. The jobs it shows hold no usable secret (a sign-in link is
 * sealed before its job is queued).
 */
export function adminQueuesRoutes(queues: OpsQueues, opsToken: string | undefined): Router {
  let board: RequestHandler | null = null;
  const boardRouter = (): RequestHandler => {
    if (!board) {
      // Loaded on the first visit, not with the API: Bull Board and its templates are some 15 MiB
      // that a process serving only the product never needs.
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { createBullBoard } = require('@bull-board/api') as { createBullBoard: typeof CreateBullBoard };
      const { BullMQAdapter } = require('@bull-board/api/bullMQAdapter') as {
        BullMQAdapter: typeof BullMQAdapterClass;
      };
      const { ExpressAdapter } = require('@bull-board/express') as {
        ExpressAdapter: typeof ExpressAdapterClass;
      };
      /* eslint-enable @typescript-eslint/no-require-imports */
      const serverAdapter = new ExpressAdapter().setBasePath(ADMIN_BASE_PATH);
      createBullBoard({
        queues: queues.queues.map((queue) => new BullMQAdapter(queue)),
        // @bull-board/express 9.10.1 brings its own copy of @bull-board/api 9.10.1; the same interface.
        serverAdapter: serverAdapter as unknown as Parameters<typeof CreateBullBoard>[0]['serverAdapter'],
      });
      board = serverAdapter.getRouter() as RequestHandler;
    }
    return board;
  };
  const router = Router();
  router.use(ADMIN_BASE_PATH, operatorOnly(opsToken), (req, res, next) => boardRouter()(req, res, next));
  return router;
}
