import type { Pool } from 'pg';
import type { MemberViewer } from '../../auth/viewer';
import { CLIENT_COLUMNS } from '../clients/client.service';
import { INVOICE_COLUMNS } from '../invoices/invoice.service';
import type { InvoiceStatus } from '../invoices/invoice.type';
import { PROJECT_COLUMNS } from '../projects/project.service';
import type { ProjectStatus } from '../projects/project.type';
import { decodeKeyset, likePattern, pageOf, requireFirst } from '../shared/keyset-cursor';
import { isUuid } from '../shared/validation';
import { clientSees } from '../timeline/timeline.service';
import type {
  ActivityConnection,
  ClientConnection,
  InvoiceConnection,
  ProjectConnection,
} from './lists.type';

/** A uuid filter: null for none, an impossible id for a malformed one (a foreign or bad id finds nothing). */
const uuidOrNone = (id: string | null | undefined) =>
  id == null ? null : isUuid(id) ? id : '00000000-0000-0000-0000-000000000000';

/**
 * The workspace's lists a page at a time, by keyset (the console scrolls them;
 * no list ever loads a whole workspace), always within the member's workspace.
 */
export class ListsService {
  constructor(
    private readonly pool: Pool,
    private readonly clock: () => Date,
  ) {}

  /** Clients by name, searched in their name and their contacts' names and emails. */
  async clients(
    viewer: MemberViewer,
    args: { first: number; after: string | null; search: string | null; includeArchived: boolean },
  ): Promise<ClientConnection> {
    const first = requireFirst(args.first);
    const [name, id] = args.after ? decodeKeyset(args.after, 2) : [null, null];
    const { rows } = await this.pool.query(
      `SELECT ${CLIENT_COLUMNS}, lower(name) AS sort_name FROM clients cl
       WHERE workspace_id = $1 AND ($2 OR NOT archived)
         AND ($3::text IS NULL OR (lower(name), id::text) > ($3, $4))
         AND ($5::text IS NULL OR name ILIKE $5 OR EXISTS (
           SELECT 1 FROM contacts c WHERE c.client_id = cl.id AND NOT c.removed AND (c.name ILIKE $5 OR c.email ILIKE $5)))
       ORDER BY lower(name), id::text LIMIT $6`,
      [viewer.workspaceId, args.includeArchived, name, id, likePattern(args.search), first + 1],
    );
    return pageOf(
      rows,
      first,
      (row) => [row.sort_name, row.id],
      ({ sort_name: _s, ...client }) => client,
    );
  }

  /** Projects, newest first, optionally of one status or one client, searched by name. */
  async projects(
    viewer: MemberViewer,
    args: {
      first: number;
      after: string | null;
      status: ProjectStatus | null;
      clientId: string | null;
      search: string | null;
    },
  ): Promise<ProjectConnection> {
    const first = requireFirst(args.first);
    const [createdAt, id] = args.after ? decodeKeyset(args.after, 2) : [null, null];
    const { rows } = await this.pool.query(
      `SELECT ${PROJECT_COLUMNS}, created_at::text AS sort_at FROM projects
       WHERE workspace_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR client_id = $3)
         AND ($4::timestamptz IS NULL OR (created_at, id::text) < ($4, $5))
         AND ($6::text IS NULL OR name ILIKE $6)
       ORDER BY created_at DESC, id::text DESC LIMIT $7`,
      [
        viewer.workspaceId,
        args.status,
        uuidOrNone(args.clientId),
        createdAt,
        id,
        likePattern(args.search),
        first + 1,
      ],
    );
    // The cursor keeps created_at as PostgreSQL's text: microseconds a Date would lose.
    return pageOf(
      rows,
      first,
      (row) => [row.sort_at, row.id],
      ({ sort_at: _s, ...project }) => project,
    );
  }

  /**
   * The workspace's invoices, newest first: optionally of one status, one
   * client or project, overdue ones (sent, not fully paid, past due by the
   * service's clock), or those due before a date.
   */
  async invoices(
    viewer: MemberViewer,
    args: {
      first: number;
      after: string | null;
      status: InvoiceStatus | null;
      clientId: string | null;
      projectId: string | null;
      overdue: boolean;
      dueBefore: Date | null;
    },
  ): Promise<InvoiceConnection> {
    const first = requireFirst(args.first);
    const [createdAt, id] = args.after ? decodeKeyset(args.after, 2) : [null, null];
    const { rows } = await this.pool.query(
      `SELECT ${INVOICE_COLUMNS}, created_at::text AS sort_at FROM invoices
       WHERE workspace_id = $1 AND ($2::text IS NULL OR status = $2)
         AND ($3::uuid IS NULL OR client_id = $3) AND ($4::uuid IS NULL OR project_id = $4)
         AND (NOT $5 OR (status IN ('SENT', 'PARTIALLY_PAID') AND due_date < $6))
         AND ($7::timestamptz IS NULL OR (status IN ('SENT', 'PARTIALLY_PAID') AND due_date < $7))
         AND ($8::timestamptz IS NULL OR (created_at, id::text) < ($8, $9))
       ORDER BY created_at DESC, id::text DESC LIMIT $10`,
      [
        viewer.workspaceId,
        args.status,
        uuidOrNone(args.clientId),
        uuidOrNone(args.projectId),
        args.overdue,
        this.clock(),
        args.dueBefore,
        createdAt,
        id,
        first + 1,
      ],
    );
    return pageOf(
      rows,
      first,
      (row) => [row.sort_at, row.id],
      ({ sort_at: _s, ...invoice }) => invoice,
    );
  }

  /** The workspace's activity, newest first, every audience, optionally of one project or client, or by contacts only. */
  async activity(
    viewer: MemberViewer,
    args: {
      first: number;
      after: string | null;
      projectId: string | null;
      clientId: string | null;
      byContacts: boolean;
    },
  ): Promise<ActivityConnection> {
    const first = requireFirst(args.first);
    const [position, id] = args.after ? decodeKeyset(args.after, 2) : [null, null];
    const { rows } = await this.pool.query(
      `SELECT e.id, e.position::text AS position, e.occurred_at, e.actor, e.type, e.summary, ${clientSees('e.client_id')} AS visible,
              e.client_id, cl.name AS client_name, e.project_id, p.name AS project_name
       FROM timeline_entries e JOIN clients cl ON cl.id = e.client_id LEFT JOIN projects p ON p.id = e.project_id
       WHERE e.workspace_id = $1 AND ($2::uuid IS NULL OR e.project_id = $2) AND ($3::uuid IS NULL OR e.client_id = $3)
         AND (NOT $4 OR e.actor->>'kind' = 'CONTACT')
         AND ($5::bigint IS NULL OR (e.position, e.id) < ($5, $6))
       ORDER BY e.position DESC, e.id DESC LIMIT $7`,
      [
        viewer.workspaceId,
        uuidOrNone(args.projectId),
        uuidOrNone(args.clientId),
        args.byContacts,
        position,
        id,
        first + 1,
      ],
    );
    return pageOf(
      rows,
      first,
      (row) => [row.position, row.id],
      (row) => ({
        id: row.id,
        occurredAt: row.occurred_at,
        actor: row.actor,
        type: row.type,
        summary: row.summary,
        visibleToClient: row.visible,
        clientId: row.client_id,
        clientName: row.client_name,
        projectId: row.project_id,
        projectName: row.project_name,
      }),
    );
  }
}
