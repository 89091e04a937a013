import { createEffect } from 'solid-js';
import { useConsole } from '../lib/console.context';

/** The tab's title: "Invoices · Northwind Studio · Console", so history and screen readers tell pages apart. */
export function useConsoleTitle(parts: () => (string | undefined)[]): void {
  const { me } = useConsole();
  createEffect(() => {
    document.title = [...parts(), me().workspace.name, 'Console'].filter(Boolean).join(' · ');
  });
}
