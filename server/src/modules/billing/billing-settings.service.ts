import { actorOf, type MemberViewer } from '../../auth/viewer';
import type { Queryable } from '../../db/queryable';
import type { CommandHandler } from '../../projections/command-handler';
import { billingSettingsDecider, type ProfileChanges } from './billing-settings.decider';
import {
  billingSettingsStreamId,
  DEFAULT_REMINDER_DAYS,
  type BillingProfileData,
} from './billing-settings.events';

export interface BillingSettings {
  profile: BillingProfileData;
  daysFromDue: number[];
}

/** A workspace's billing settings as the read model has them, the defaults where nothing is set. */
export async function readBillingSettings(db: Queryable, workspaceId: string): Promise<BillingSettings> {
  const { rows } = await db.query(
    `SELECT legal_name AS "legalName", address, tax_id AS "taxId", payment_instructions AS "paymentInstructions",
            reminder_days AS "daysFromDue"
     FROM billing_settings WHERE workspace_id = $1`,
    [workspaceId],
  );
  if (!rows[0])
    return {
      profile: { legalName: null, address: null, taxId: null, paymentInstructions: null },
      daysFromDue: [...DEFAULT_REMINDER_DAYS],
    };
  const { daysFromDue, ...profile } = rows[0];
  return { profile, daysFromDue };
}

/** Members: who issues the workspace's invoices, and when reminders go out. */
export class BillingSettingsService {
  constructor(
    private readonly pool: Queryable,
    private readonly commands: CommandHandler,
  ) {}

  settings(workspaceId: string): Promise<BillingSettings> {
    return readBillingSettings(this.pool, workspaceId);
  }

  async updateProfile(viewer: MemberViewer, changes: ProfileChanges, requestId: string): Promise<void> {
    await this.commands.handle(
      billingSettingsStreamId(viewer.workspaceId),
      billingSettingsDecider,
      { type: 'UpdateBillingProfile', workspaceId: viewer.workspaceId, changes },
      { actor: actorOf(viewer), correlationId: requestId, tenantId: viewer.workspaceId },
    );
  }

  async updateReminderSchedule(
    viewer: MemberViewer,
    daysFromDue: number[],
    requestId: string,
  ): Promise<void> {
    await this.commands.handle(
      billingSettingsStreamId(viewer.workspaceId),
      billingSettingsDecider,
      { type: 'UpdateReminderSchedule', workspaceId: viewer.workspaceId, daysFromDue },
      { actor: actorOf(viewer), correlationId: requestId, tenantId: viewer.workspaceId },
    );
  }
}
