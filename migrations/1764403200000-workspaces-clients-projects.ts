import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of workspaces, members, clients, contacts, projects and the
 * timeline (rebuilt from the log by rebuild-projections), and api_tokens,
 * which holds credentials beside the log: token hashes are never in events.
 */
export class WorkspacesClientsProjects1764403200000 implements MigrationInterface {
  name = 'WorkspacesClientsProjects1764403200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workspaces (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        slug text NOT NULL,
        portal_enabled boolean NOT NULL,
        company_name text NOT NULL,
        accent_color text NOT NULL,
        show_your_brand boolean NOT NULL,
        task_visibility text NOT NULL,
        clients_can_create boolean NOT NULL,
        clients_can_edit boolean NOT NULL,
        clients_can_comment boolean NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT workspaces_slug_key UNIQUE (slug)
      )`);
    await q.query(`
      CREATE TABLE members (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        name text NOT NULL,
        email text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX members_workspace_idx ON members (workspace_id)`);
    await q.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        member_id uuid NOT NULL,
        name text NOT NULL,
        token_hash bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz,
        CONSTRAINT api_tokens_hash_key UNIQUE (token_hash)
      )`);
    await q.query(`CREATE INDEX api_tokens_workspace_idx ON api_tokens (workspace_id, created_at)`);
    await q.query(`
      CREATE TABLE clients (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        name text NOT NULL,
        archived boolean NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX clients_workspace_idx ON clients (workspace_id, created_at, id)`);
    await q.query(`
      CREATE TABLE contacts (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        client_id uuid NOT NULL,
        name text NOT NULL,
        email text NOT NULL,
        -- the order contacts were given in: event position * 1000 + index in the event
        sort_key bigint NOT NULL,
        removed boolean NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    // A live contact's email is unique in its workspace, whatever its case.
    await q.query(
      `CREATE UNIQUE INDEX contacts_live_email_key ON contacts (workspace_id, lower(email)) WHERE NOT removed`,
    );
    await q.query(`CREATE INDEX contacts_client_idx ON contacts (client_id, sort_key) WHERE NOT removed`);
    await q.query(`
      CREATE TABLE projects (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        client_id uuid NOT NULL,
        name text NOT NULL,
        status text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX projects_workspace_idx ON projects (workspace_id, created_at, id)`);
    await q.query(`CREATE INDEX projects_client_idx ON projects (client_id, created_at, id)`);
    // project_id NULL: an entry about the client, shown in each of its projects' timelines.
    await q.query(`
      CREATE TABLE timeline_entries (
        id text PRIMARY KEY,
        workspace_id uuid NOT NULL,
        client_id uuid NOT NULL,
        project_id uuid,
        position bigint NOT NULL,
        occurred_at timestamptz NOT NULL,
        actor jsonb NOT NULL,
        type text NOT NULL,
        summary text NOT NULL,
        audience text NOT NULL,
        task_id uuid
      )`);
    await q.query(
      `CREATE INDEX timeline_project_idx ON timeline_entries (project_id, position DESC, id DESC) WHERE project_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX timeline_client_idx ON timeline_entries (client_id, position DESC, id DESC) WHERE project_id IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE timeline_entries, projects, contacts, clients, api_tokens, members, workspaces`,
    );
  }
}
