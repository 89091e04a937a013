import { isDeepStrictEqual } from 'node:util';
import type { Decider } from '../../projections/decider';
import { bad, optionalText } from '../shared/validation';
import {
  DEFAULT_REMINDER_DAYS,
  type BillingProfileData,
  type BillingSettingsEvent,
} from './billing-settings.events';

/** undefined or null: unchanged; an empty string: cleared. */
export type ProfileChanges = { [K in keyof BillingProfileData]?: string | null };

export type BillingSettingsCommand =
  | { type: 'UpdateBillingProfile'; workspaceId: string; changes: ProfileChanges }
  | { type: 'UpdateReminderSchedule'; workspaceId: string; daysFromDue: number[] };

export interface BillingSettingsState {
  profile: BillingProfileData;
  daysFromDue: readonly number[];
}

export const EMPTY_PROFILE: BillingProfileData = {
  legalName: null,
  address: null,
  taxId: null,
  paymentInstructions: null,
};

const LIMITS: Record<keyof BillingProfileData, number> = {
  legalName: 200,
  address: 500,
  taxId: 50,
  paymentInstructions: 2000,
};

export const MAX_REMINDERS = 10;
const EARLIEST = -60;
const LATEST = 365;

const text = (value: string | null | undefined, current: string | null, field: keyof BillingProfileData) =>
  value == null
    ? current
    : optionalText(
        value,
        `input.${field}`,
        LIMITS[field],
        field === 'address' || field === 'paymentInstructions',
      );

/** The workspace's billing settings: who issues its invoices, and when reminders go out. */
export const billingSettingsDecider: Decider<
  BillingSettingsState,
  BillingSettingsCommand,
  BillingSettingsEvent
> = {
  initialState: () => ({ profile: EMPTY_PROFILE, daysFromDue: DEFAULT_REMINDER_DAYS }),

  evolve(state, event) {
    switch (event.type) {
      case 'BillingProfileUpdated':
        return { ...state, profile: event.data.profile };
      case 'ReminderScheduleUpdated':
        return { ...state, daysFromDue: event.data.daysFromDue };
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'UpdateBillingProfile': {
        const { changes } = command;
        const profile: BillingProfileData = {
          legalName: text(changes.legalName, state.profile.legalName, 'legalName'),
          address: text(changes.address, state.profile.address, 'address'),
          taxId: text(changes.taxId, state.profile.taxId, 'taxId'),
          paymentInstructions: text(
            changes.paymentInstructions,
            state.profile.paymentInstructions,
            'paymentInstructions',
          ),
        };
        return isDeepStrictEqual(profile, state.profile)
          ? []
          : [{ type: 'BillingProfileUpdated', data: { workspaceId: command.workspaceId, profile } }];
      }
      case 'UpdateReminderSchedule': {
        const days = command.daysFromDue;
        if (days.length > MAX_REMINDERS) throw bad('daysFromDue', `at most ${MAX_REMINDERS} reminders`);
        days.forEach((day, index) => {
          if (!Number.isInteger(day) || day < EARLIEST || day > LATEST)
            throw bad(
              `daysFromDue.${index}`,
              `must be a whole number of days from ${EARLIEST} (before the due date) to ${LATEST} (after)`,
            );
          if (days.indexOf(day) !== index) throw bad(`daysFromDue.${index}`, `${day} is given twice`);
        });
        const daysFromDue = [...days].sort((a, b) => a - b);
        return isDeepStrictEqual(daysFromDue, [...state.daysFromDue])
          ? []
          : [{ type: 'ReminderScheduleUpdated', data: { workspaceId: command.workspaceId, daysFromDue } }];
      }
    }
  },
};
