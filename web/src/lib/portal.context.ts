import { createContext, useContext, type Accessor } from 'solid-js';
import type { ContactViewer, PortalInfo } from './portal.queries';

export interface PortalState {
  slug: Accessor<string>;
  portal: Accessor<PortalInfo>;
  /** Build a path inside this portal: path('/projects') → /p/SLUG/projects. */
  path(rest: string): string;
  /** Fresh urql client (drops every cached answer): after sign-in and sign-out. */
  resetClient(): void;
}

export const PortalContext = createContext<PortalState>();

export function usePortal(): PortalState {
  const state = useContext(PortalContext);
  if (!state) throw new Error('usePortal outside a portal page');
  return state;
}

export const ViewerContext = createContext<Accessor<ContactViewer>>();

/** The signed-in contact (inside <SignedIn>). */
export function useViewer(): Accessor<ContactViewer> {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useViewer outside a signed-in page');
  return viewer;
}
