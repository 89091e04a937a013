import type { Decider } from '../../projections/decider';
import { DomainError } from '../../projections/domain.errors';
import type { MemberRemoved, MemberInvited } from '../members/member.events';
import { bad } from '../shared/validation';
import type { WorkspaceCreated } from '../workspaces/workspace.events';
import {
  DEFAULT_TIME_ZONE,
  EMAIL_NOTIFICATION_MODES,
  type EmailNotificationMode,
  type NotificationSettingsEvent,
} from './notification-settings.events';

export type NotificationSettingsCommand =
  | { type: 'ChangeEmailNotifications'; memberId: string; mode: EmailNotificationMode }
  | { type: 'SetWorkspaceTimeZone'; timeZone: string };

export interface NotificationSettingsState {
  workspaceId: string | null;
  timeZone: string;
  /** Each live member's choice. */
  modes: ReadonlyMap<string, EmailNotificationMode>;
}

type StreamEvent = WorkspaceCreated | MemberInvited | MemberRemoved | NotificationSettingsEvent;

/** An IANA time zone name as Intl knows it (its canonical spelling), or BAD_USER_INPUT on `timeZone`. */
export function requireTimeZone(value: string): string {
  const trimmed = value.trim();
  try {
    if (trimmed) return new Intl.DateTimeFormat('en', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    // answered below
  }
  throw bad('timeZone', `${JSON.stringify(value)} is not an IANA time zone such as Europe/Paris`);
}

/** The notification side of a workspace's stream: each member's email choice, and the workspace's time zone. */
export const notificationSettingsDecider: Decider<
  NotificationSettingsState,
  NotificationSettingsCommand,
  StreamEvent
> = {
  initialState: () => ({ workspaceId: null, timeZone: DEFAULT_TIME_ZONE, modes: new Map() }),

  evolve(state, event) {
    const modes = new Map(state.modes);
    switch (event.type) {
      case 'WorkspaceCreated':
        modes.set(event.data.owner.memberId, 'INSTANT');
        return { ...state, workspaceId: event.data.workspaceId, modes };
      case 'MemberInvited':
        modes.set(event.data.memberId, 'INSTANT');
        return { ...state, modes };
      case 'MemberRemoved':
        modes.delete(event.data.memberId);
        return { ...state, modes };
      case 'EmailNotificationsChanged':
        modes.set(event.data.memberId, event.data.mode);
        return { ...state, modes };
      case 'WorkspaceTimeZoneSet':
        return { ...state, timeZone: event.data.timeZone };
      default:
        return state;
    }
  },

  decide(command, state) {
    const workspaceId = state.workspaceId;
    if (!workspaceId) throw new DomainError('NOT_FOUND', 'workspace not found');
    switch (command.type) {
      case 'ChangeEmailNotifications': {
        const previousMode = state.modes.get(command.memberId);
        if (!previousMode) throw new DomainError('NOT_FOUND', 'member not found');
        if (!EMAIL_NOTIFICATION_MODES.includes(command.mode))
          throw bad('emailNotifications', 'must be INSTANT, DAILY_DIGEST or OFF');
        if (command.mode === previousMode) return [];
        return [
          {
            type: 'EmailNotificationsChanged',
            data: { workspaceId, memberId: command.memberId, mode: command.mode, previousMode },
          },
        ];
      }
      case 'SetWorkspaceTimeZone': {
        const timeZone = requireTimeZone(command.timeZone);
        if (timeZone === state.timeZone) return [];
        return [
          {
            type: 'WorkspaceTimeZoneSet',
            data: { workspaceId, timeZone, previousTimeZone: state.timeZone },
          },
        ];
      }
    }
  },
};
