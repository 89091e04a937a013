import { HeaderMap, type GraphQLResponse } from '@apollo/server';
import type { Queryable } from '../../db/queryable';
import { tenantLogSince } from '../../event-store/log-snapshot';
import type { GraphQLContext } from '../context';
import type { RequestPlugin } from '../request-hooks.plugin';
import { judge, stringArgument } from './answer-cache.fields';
import type { AnswerCache } from './answer.cache';

/**
 * A query's answer given again from memory while the viewer's workspace's log
 * has not moved. Before each kept operation (a query whose fields are all in
 * KEPT_FIELDS, from a signed-in viewer) one statement asks the log whether
 * any event of the workspace committed since the kept answer's snapshot
 * (event-store/log-snapshot.ts). Unchanged: the kept answer, with no resolver
 * run. The answer of a lone `project(id:)` that reaches no other project is
 * that project's alone: an event whose data names another project does not
 * count for it (an event names its project where it has one, and changes no
 * other project's read models). Changed, or none kept: the answer is computed as always, after that
 * statement, whose snapshot it is then kept with. So an answer is never older
 * than the log as it stood when its request arrived, whichever process wrote
 * last; only the clock can end it sooner (a due date passing, its maximum age).
 * Answers are kept per viewer (the credential's whole viewer: member or
 * contact, role, client, session or token, a member's preview) and per
 * document, operation and variables: nobody is ever given another's. An
 * operation whose kept answers the log outruns (found stale three times in a
 * row) rests for a second: computed with no check and not kept.
 */
export function answerCachePlugin(
  pool: Queryable,
  cache: AnswerCache,
  clock: () => Date,
): RequestPlugin<GraphQLContext> {
  return ({ contextValue }) => {
    const viewer = contextValue.viewer;
    if (!viewer) return null;
    let key: string | null = null;
    let snapshot: string | null = null;
    let computedAt = 0;
    let until = 0;
    return {
      async responseForOperation(request): Promise<GraphQLResponse | null> {
        if (!request.operation) return null;
        const judgement = judge(request.schema, request.document, request.operation);
        if (!judgement.keeps) return null;
        const projectId = stringArgument(judgement.projectId, request.request.variables);
        key = [
          JSON.stringify(viewer),
          request.queryHash,
          request.operationName ?? '',
          JSON.stringify(request.request.variables ?? {}),
        ].join('\n');
        if (cache.rests(key)) return null;
        const kept = cache.get(key);
        // PostgreSQL away: the answer is computed as always (and fails as always), and not kept.
        const log = await tenantLogSince(pool, viewer.workspaceId, kept?.snapshot ?? null, projectId).catch(
          () => null,
        );
        if (!log) return null;
        if (kept && log.unchanged) {
          cache.foundFresh(key);
          // It holds as of this check's snapshot too: the next check reads only what commits after it (a
          // project's answer would otherwise read every event of the workspace's other projects since it was computed).
          kept.snapshot = log.now;
          return {
            http: { status: undefined, headers: new HeaderMap() },
            body: { kind: 'single', singleResult: { data: kept.data } },
          };
        }
        if (kept) {
          // Now at rest: this answer is not kept either (the next one after the rest is).
          if (cache.foundStale(key)) return null;
        } else cache.misses++;
        snapshot = log.now;
        computedAt = clock().getTime();
        until = computedAt + cache.maxAgeMs;
        contextValue.answer = {
          holdsUntil(at: Date) {
            until = Math.min(until, at.getTime());
          },
        };
        return null;
      },
      willSendResponse({ response }) {
        if (key === null || snapshot === null) return;
        const body = response.body;
        if (body.kind !== 'single' || body.singleResult.errors?.length || !body.singleResult.data) return;
        if (until <= computedAt) return;
        cache.set(key, { data: body.singleResult.data, snapshot, computedAt, until });
      },
    };
  };
}
