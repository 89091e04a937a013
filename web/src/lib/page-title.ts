import { createEffect } from 'solid-js';
import { usePortal } from './portal.context';

/** The tab's title: "Billing · Website relaunch · Northwind Studio", so history and screen readers tell pages apart. */
export function usePageTitle(parts: () => (string | undefined)[]): void {
  const { portal } = usePortal();
  createEffect(() => {
    document.title = [...parts(), portal().branding.companyName].filter(Boolean).join(' · ');
  });
}
