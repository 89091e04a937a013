import type { Queryable } from './queryable';
import { createTestDatabase, type TestDatabase } from '../test/test-database';

/**
 * Ready to shard by tenant (docs/scaling.md): read from a freshly migrated
 * database's catalog, every table of the public schema is a tenant's, carries
 * its tenant column and is keyed by it, or is on NOT_TENANT_TABLES with the
 * reason why. What the schema does not meet yet is on KNOWN_GAPS: that list
 * may only shrink (a gap closed must be taken off it, a new one fails).
 */

type Rule = 'tenant-column' | 'tenant-type' | 'tenant-key' | 'unique-with-tenant' | 'fk-with-tenant';

/**
 * The tables that are no tenant's. `reference`: copied to every node, which a
 * tenant table may join and point a foreign key at; `local`: on the
 * coordinator alone, never joined with a tenant's rows.
 */
const NOT_TENANT_TABLES: Record<string, { placement: 'reference' | 'local'; why: string }> = {
  typeorm_migrations: {
    placement: 'local',
    why: "TypeORM's record of the migrations applied to this database",
  },
  service_keys: { placement: 'reference', why: "the install's own secrets (link sealing, invoice-key HMAC)" },
  es_checkpoints: {
    placement: 'local',
    why: "each async processor's place in the whole log, not a tenant's",
  },
  dev_mailbox: {
    placement: 'local',
    why: "the operator's dev mailbox (no email provider set): no workspace",
  },
  demo_seeds: { placement: 'local', why: "npm start's mark that the local demo's seeding finished" },
  workspaces: {
    placement: 'reference',
    why: 'the tenants themselves (id), one row each, read beside their rows; slug unique across them',
  },
};

/** The column that names a table's tenant: workspace_id, or the event store's tenant_id. */
const TENANT_COLUMNS = ['workspace_id', 'tenant_id'];
/** The type every tenant column has, so that all tenant tables can be co-located (Citus colocates one type). */
const TENANT_TYPE = 'uuid';

/**
 * What today's schema does not meet, by rule (docs/scaling.md, "Known gaps").
 * No migration changes them yet: this list records them so that none is
 * added unseen. Entries are tables, or `table.index` for unique indexes.
 */
const KNOWN_GAPS: Record<Rule, readonly string[]> = {
  'tenant-column': [
    // tenant_id is copied from metadata.tenantId, which CommandContext leaves optional.
    'es_events',
    // es_append(stream_id, ...) is not told the tenant; a stream row names none.
    'es_streams',
    // A person's key by their id alone; pd_keys_for_sealing() is not told the tenant either.
    'personal_data_keys',
  ],
  // text, from metadata.tenantId, where every other tenant column is a uuid.
  'tenant-type': ['es_events', 'log_digests', 'log_stream_heads'],
  // Keyed by their own id (a uuid, unique alone) or another id; workspace_id is a plain column.
  // contacts and members have it only in a partial unique index (live emails), which keys some rows.
  'tenant-key': [
    'api_tokens',
    'checkout_sessions',
    'clients',
    'contact_sessions',
    'contacts',
    'documents',
    'email_deliveries',
    'email_outbox',
    'es_events',
    'invoice_keys',
    'invoice_payments',
    'invoice_reminders',
    'login_links',
    'member_login_links',
    'member_sessions',
    'members',
    'messages',
    'notification_digests',
    'notification_email_batches',
    'notifications',
    'portal_previews',
    'project_snapshots',
    'projects',
    'recurring_invoice_periods',
    'recurring_invoices',
    'task_comments',
    'tasks',
    'timeline_entries',
    'upload_tickets',
  ],
  'unique-with-tenant': [
    // The primary keys of the tables above (invoices too: its id, beside its unique (workspace_id, number)).
    'api_tokens.api_tokens_pkey',
    'checkout_sessions.checkout_sessions_pkey',
    'clients.clients_pkey',
    'contact_sessions.contact_sessions_pkey',
    'contacts.contacts_pkey',
    'documents.documents_pkey',
    'email_deliveries.email_deliveries_pkey',
    'email_outbox.email_outbox_pkey',
    'invoice_keys.invoice_keys_pkey',
    'invoice_payments.invoice_payments_pkey',
    'invoice_reminders.invoice_reminders_pkey',
    'invoices.invoices_pkey',
    'login_links.login_links_pkey',
    'member_login_links.member_login_links_pkey',
    'member_sessions.member_sessions_pkey',
    'members.members_pkey',
    'messages.messages_pkey',
    'notification_digests.notification_digests_pkey',
    'notification_email_batches.notification_email_batches_pkey',
    'notifications.notifications_pkey',
    'portal_previews.portal_previews_pkey',
    'project_snapshots.project_snapshots_pkey',
    'projects.projects_pkey',
    'recurring_invoice_periods.recurring_invoice_periods_pkey',
    'recurring_invoices.recurring_invoices_pkey',
    'task_comments.task_comments_pkey',
    'tasks.tasks_pkey',
    'timeline_entries.timeline_entries_pkey',
    'upload_tickets.upload_tickets_pkey',
    // The log's order and its idempotency, global today.
    'es_events.es_events_pkey',
    'es_events.es_events_event_id_key',
    'es_events.es_events_stream_position_key',
    // Credentials found by their hash, before the request knows its workspace.
    'api_tokens.api_tokens_hash_key',
    'contact_sessions.contact_sessions_hash_key',
    'invoice_keys.invoice_keys_hash_key',
    'login_links.login_links_hash_key',
    'member_login_links.member_login_links_hash_key',
    'member_sessions.member_sessions_hash_key',
    'portal_previews.portal_previews_hash_key',
    // One tenant's rows in fact (their ids are), unique without saying so.
    'notification_email_batches.notification_email_batches_pending_key',
    'notifications.notifications_event_member_key',
    'recurring_invoices.recurring_invoices_live_template_key',
    'upload_tickets.upload_tickets_document_idx',
    'upload_tickets.upload_tickets_storage_key_key',
  ],
  // There is no foreign key in the schema at all today.
  'fk-with-tenant': [],
};

interface Finding {
  rule: Rule;
  subject: string;
  detail: string;
}

interface ColumnRow {
  table: string;
  column: string;
  nullable: boolean;
  type: string;
}

interface UniqueRow {
  table: string;
  index: string;
  primary: boolean;
  partial: boolean;
  columns: string[];
  definition: string;
}

interface ForeignKeyRow {
  table: string;
  name: string;
  references: string;
  columns: string[];
  referenced: string[];
}

/** The attribute names of an int2vector/int2[] of column numbers, in order (0, an expression, is left out). */
const attributeNames = (relid: string, keys: string) => `ARRAY(
  SELECT a.attname::text FROM unnest(${keys}::int2[]) WITH ORDINALITY AS k(attnum, ord)
  JOIN pg_attribute a ON a.attrelid = ${relid} AND a.attnum = k.attnum ORDER BY k.ord)`;

async function readCatalog(db: Queryable) {
  const tables = await db.query<{ table: string }>(
    `SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
  );
  const columns = await db.query<ColumnRow>(
    `SELECT table_name AS table, column_name AS column, is_nullable = 'YES' AS nullable, udt_name AS type
     FROM information_schema.columns WHERE table_schema = 'public'`,
  );
  const uniques = await db.query<UniqueRow>(
    `SELECT t.relname AS table, i.relname AS index, x.indisprimary AS primary, x.indpred IS NOT NULL AS partial,
            ${attributeNames('x.indrelid', 'x.indkey')} AS columns, pg_get_indexdef(x.indexrelid) AS definition
     FROM pg_index x
     JOIN pg_class t ON t.oid = x.indrelid
     JOIN pg_class i ON i.oid = x.indexrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = 'public' AND x.indisunique ORDER BY 1, 2`,
  );
  const foreignKeys = await db.query<ForeignKeyRow>(
    `SELECT t.relname AS table, c.conname AS name, f.relname AS references,
            ${attributeNames('c.conrelid', 'c.conkey')} AS columns,
            ${attributeNames('c.confrelid', 'c.confkey')} AS referenced
     FROM pg_constraint c
     JOIN pg_class t ON t.oid = c.conrelid
     JOIN pg_class f ON f.oid = c.confrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = 'public' AND c.contype = 'f' ORDER BY 1, 2`,
  );
  return {
    tables: tables.rows.map((row) => row.table),
    columns: columns.rows,
    uniques: uniques.rows,
    foreignKeys: foreignKeys.rows,
  };
}

/** Every breach of the rules in the database's public schema (known gaps included). */
async function tenantFindings(db: Queryable): Promise<Finding[]> {
  const catalog = await readCatalog(db);
  const findings: Finding[] = [];
  const found = (rule: Rule, subject: string, detail: string) => findings.push({ rule, subject, detail });
  const tenantColumn = new Map<string, ColumnRow>();

  for (const table of catalog.tables.filter((name) => !(name in NOT_TENANT_TABLES))) {
    const own = catalog.columns.filter((column) => column.table === table);
    const column = TENANT_COLUMNS.map((name) => own.find((c) => c.column === name)).find(Boolean);
    if (!column) {
      found('tenant-column', table, `no ${TENANT_COLUMNS.join(' or ')} column, and not in NOT_TENANT_TABLES`);
      continue;
    }
    tenantColumn.set(table, column);
    if (column.nullable) found('tenant-column', table, `${column.column} may be NULL`);
    if (column.type !== TENANT_TYPE)
      found('tenant-type', table, `${column.column} is ${column.type}, not ${TENANT_TYPE}`);

    const uniques = catalog.uniques.filter((unique) => unique.table === table);
    const keyed = uniques.some((unique) => !unique.partial && unique.columns.includes(column.column));
    if (!keyed) {
      const primary = uniques.find((unique) => unique.primary);
      found(
        'tenant-key',
        table,
        `${primary ? `primary key (${primary.columns.join(', ')})` : 'no primary key'}` +
          ` and no unique index over all rows holds ${column.column}`,
      );
    }
    for (const unique of uniques.filter((u) => !u.columns.includes(column.column)))
      found('unique-with-tenant', `${table}.${unique.index}`, `${unique.definition} lacks ${column.column}`);
  }

  for (const fk of catalog.foreignKeys) {
    const from = fk.table in NOT_TENANT_TABLES ? null : fk.table;
    const to = fk.references in NOT_TENANT_TABLES ? null : fk.references;
    if (!from && !to) continue;
    const subject = `${fk.table}.${fk.name}`;
    const link = `(${fk.columns.join(', ')}) -> ${fk.references} (${fk.referenced.join(', ')})`;
    if (from && !to) {
      if (NOT_TENANT_TABLES[fk.references].placement !== 'reference')
        found('fk-with-tenant', subject, `${link}: a tenant table points at a local table`);
      continue;
    }
    if (!from) {
      found('fk-with-tenant', subject, `${link}: a table of no tenant points at a tenant's rows`);
      continue;
    }
    const fromColumn = tenantColumn.get(from)?.column;
    const toColumn = tenantColumn.get(to!)?.column;
    const paired = fk.columns.some((column, i) => column === fromColumn && fk.referenced[i] === toColumn);
    if (!paired)
      found('fk-with-tenant', subject, `${link} does not pair ${fromColumn ?? '?'} with ${toColumn ?? '?'}`);
  }
  return findings;
}

const RULES: [Rule, string][] = [
  ['tenant-column', 'every tenant table has a NOT NULL tenant column'],
  ['tenant-type', `every tenant column is a ${TENANT_TYPE}`],
  ['tenant-key', 'the tenant column is in the primary key or in a unique index over all rows'],
  ['unique-with-tenant', 'every unique index (the primary key too) includes the tenant column'],
  [
    'fk-with-tenant',
    'no foreign key joins two tenants: each pairs the tenant columns, or points at a reference table',
  ],
];

describe('tenant keys in the schema (docs/scaling.md)', () => {
  let db: TestDatabase;
  let findings: Finding[];
  beforeAll(async () => {
    db = await createTestDatabase();
    findings = await tenantFindings(db.owner);
  });
  afterAll(() => db?.drop());

  it.each(RULES)('%s: %s', (rule) => {
    const mine = findings.filter((finding) => finding.rule === rule);
    const known = new Set(KNOWN_GAPS[rule]);
    const added = mine
      .filter((finding) => !known.has(finding.subject))
      .map((finding) => `${finding.subject} breaks ${rule}: ${finding.detail}`);
    const closed = [...known]
      .filter((subject) => !mine.some((finding) => finding.subject === subject))
      .map((subject) => `${subject} meets ${rule} now: take it off KNOWN_GAPS['${rule}']`);
    expect(added).toEqual([]);
    expect(closed).toEqual([]);
  });

  it('names only tables that exist in NOT_TENANT_TABLES', async () => {
    const { rows } = await db.owner.query<{ table: string }>(
      `SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relname = ANY($1::text[])`,
      [Object.keys(NOT_TENANT_TABLES)],
    );
    expect(rows.map((row) => row.table).sort()).toEqual(Object.keys(NOT_TENANT_TABLES).sort());
  });

  it('finds what it checks for (the check itself): tables made and rolled back in one transaction', async () => {
    const client = await db.owner.connect();
    try {
      await client.query('BEGIN');
      await client.query(`
        CREATE TABLE probe_parents (workspace_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (workspace_id, id),
                                    CONSTRAINT probe_parents_id_key UNIQUE (id))`);
      await client.query(`
        CREATE TABLE probe_children (
          workspace_id uuid NOT NULL, id uuid NOT NULL, parent_id uuid NOT NULL, seed text,
          PRIMARY KEY (workspace_id, id),
          CONSTRAINT probe_children_same_tenant FOREIGN KEY (workspace_id, parent_id) REFERENCES probe_parents,
          CONSTRAINT probe_children_any_tenant FOREIGN KEY (parent_id) REFERENCES probe_parents (id),
          CONSTRAINT probe_children_workspace FOREIGN KEY (workspace_id) REFERENCES workspaces (id),
          -- workspaces is a reference table; demo_seeds a local one, which no tenant table may point at.
          CONSTRAINT probe_children_seed FOREIGN KEY (seed) REFERENCES demo_seeds (slug))`);
      await client.query('CREATE TABLE probe_loose (id uuid PRIMARY KEY)');
      await client.query('CREATE TABLE probe_by_id (id uuid PRIMARY KEY, workspace_id uuid NOT NULL)');
      // A partial unique index keys only some rows: it does not make the table tenant-keyed.
      await client.query(
        'CREATE UNIQUE INDEX probe_by_id_live_key ON probe_by_id (workspace_id, id) WHERE id IS NOT NULL',
      );
      const probed = (await tenantFindings(client)).filter((finding) => finding.subject.startsWith('probe_'));
      expect(probed.map((finding) => `${finding.rule} ${finding.subject}`).sort()).toEqual([
        'fk-with-tenant probe_children.probe_children_any_tenant',
        'fk-with-tenant probe_children.probe_children_seed',
        'tenant-column probe_loose',
        'tenant-key probe_by_id',
        'unique-with-tenant probe_by_id.probe_by_id_pkey',
        'unique-with-tenant probe_parents.probe_parents_id_key',
      ]);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
