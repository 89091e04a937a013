import type { JSX } from 'solid-js';
import type { TaskSettings } from '../../../lib/portal.queries';

/** "a and b", "a, b, and c" */
function list(parts: string[]): string {
  if (parts.length <= 2) return parts.join(' and ');
  return `${parts.slice(0, -1).join(', ')}, and ${parts.at(-1)}`;
}

/** What the workspace shares of tasks with this contact, and what they may do with them. */
export function sharingNote(settings: TaskSettings, company: string, client: string): string {
  const which =
    settings.visibility === 'ASSIGNED'
      ? `This tab shows the tasks assigned to people at ${client}.`
      : 'This tab shows every task of this project.';
  const can = [
    settings.clientsCanCreate ? 'add new ones' : null,
    settings.clientsCanEdit ? 'edit them or change their status' : null,
    settings.clientsCanComment ? 'comment on them' : null,
  ].filter((part): part is string => part !== null);
  const what = can.length
    ? `You can ${list(['see tasks', ...can])}.`
    : `You can see tasks; only ${company} can add, change or comment on them.`;
  return `${which} ${what}`;
}

export function TaskSharing(props: { settings: TaskSettings; company: string; client: string }): JSX.Element {
  return (
    <p class="notice notice--info tasks__sharing">
      {sharingNote(props.settings, props.company, props.client)}
    </p>
  );
}
