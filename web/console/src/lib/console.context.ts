import { createContext, useContext, type Accessor } from 'solid-js';
import type { ConsoleMe } from '../console.queries';

export interface ConsoleState {
  /** The signed-in member, their workspace, and the other workspaces of their address. */
  me: Accessor<ConsoleMe>;
  /** Read the member and the workspace again (after a settings change). */
  refresh(): void;
  /** Fresh urql client (drops every cached answer): after switching workspace. */
  resetClient(): void;
}

export const ConsoleContext = createContext<ConsoleState>();

export function useConsole(): ConsoleState {
  const state = useContext(ConsoleContext);
  if (!state) throw new Error('useConsole outside a signed-in console page');
  return state;
}

/** The member may manage the team and others' tokens (role OWNER). */
export const isOwner = (me: ConsoleMe) => me.member.role === 'OWNER';
