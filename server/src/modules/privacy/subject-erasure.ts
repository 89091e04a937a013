import type { PoolClient } from 'pg';
import type { EventStore } from '../../event-store/event-store';
import type { CommandContext, CommandHandler } from '../../projections/command-handler';
import type { Decider } from '../../projections/decider';
import type { DomainEvent } from '../../event-store/event.types';
import type { InlineProjectionRunner } from '../../projections/inline-projection';
import { lockReadModels, rebuildTenant } from '../../projections/rebuild';
import { forgetInEmails } from '../emails/email.erasure';
import { forgetProjectSnapshots } from '../history/project-snapshot.store';

const DEADLOCK = '40P01';
const ATTEMPTS = 3;

/** One person's erasure: the command that records it, and what else holds them. */
export interface ErasurePlan<State, Command, Event extends DomainEvent> {
  subjectId: string;
  workspaceId: string;
  streamId: string;
  decider: Decider<State, Command, Event>;
  command: Command;
  context: CommandContext;
  erasedAlready(state: State): boolean;
  /** The streams whose events hold their values (read while the key still opens them). */
  valueStreams: string[];
  emailStandIn: string;
  /** Their sessions, links and tokens, and whatever of theirs outside the log and the read models. */
  endAccess(db: PoolClient): Promise<void>;
}

/**
 * Erases a person in one transaction (GDPR's right to erasure): their key is
 * deleted (crypto-shredding: the log keeps ciphertext nobody can read again,
 * and stays append-only and verifiable), the erasure's event is appended (no
 * personal data in it), their access ends, what the email side and projectAt's
 * snapshots kept of them goes, and the workspace's read models are replayed
 * from the log, where every value of theirs now reads as its stand-in.
 */
export async function erase<State, Command, Event extends DomainEvent>(
  deps: { commands: CommandHandler; store: EventStore; projections: InlineProjectionRunner },
  plan: ErasurePlan<State, Command, Event>,
): Promise<void> {
  const { personalData } = deps.store;
  let values: unknown[] = [];
  const once = () =>
    deps.commands.handle(plan.streamId, plan.decider, plan.command, plan.context, {
      prepare: async (db, command, state) => {
        if (plan.erasedAlready(state)) return command;
        const events = (
          await Promise.all(plan.valueStreams.map((streamId) => deps.store.readStream(streamId, db)))
        ).flat();
        values = personalData.valuesOf(events, plan.subjectId);
        // The key first: it waits for any append still sealing with it, and every later one sees it gone.
        await personalData.keys.erase(plan.subjectId, db);
        await lockReadModels(db, deps.projections);
        return command;
      },
      within: async (db) => {
        const texts = values.filter((value): value is string => typeof value === 'string');
        await plan.endAccess(db);
        await forgetInEmails(
          db,
          { emails: texts.filter((text) => text.includes('@')), texts },
          plan.emailStandIn,
        );
        await forgetProjectSnapshots(db, plan.workspaceId);
        await rebuildTenant(db, deps.store, deps.projections, plan.workspaceId);
      },
    });
  for (let attempt = 1; ; attempt++) {
    try {
      await once();
      return;
    } catch (error) {
      // The read models' locks met a command's row locks: PostgreSQL chose this side; try again.
      if ((error as { code?: string }).code !== DEADLOCK || attempt >= ATTEMPTS) throw error;
    }
  }
}
