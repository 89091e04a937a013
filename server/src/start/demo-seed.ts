import type { AppContext } from '../app-context';
import type { MemberViewer } from '../auth/viewer';
import { DEMO_CONTACT_EMAIL, DEMO_SLUG } from './demo';
import { tinyPdf, uploadDocument } from './demo.files';

const REQUEST_ID = 'npm-start-demo';
const DAY = 24 * 60 * 60 * 1000;

/** What the steps share: the owner acting, and the ids found or made so far. */
interface Seeding {
  context: AppContext;
  viewer: MemberViewer;
  clientId: string;
  projectId: string;
  johnId: string;
}

/** One step of the demo: it looks at the read models first and does only what is not there yet. */
interface SeedStep {
  name: string;
  run(seeding: Seeding): Promise<void>;
}

const one = async <T>(context: AppContext, sql: string, values: unknown[]): Promise<T | null> =>
  ((await context.pool.query(sql, values)).rows[0] as T | undefined) ?? null;

/** The project's invoice whose first line says `description`, with its status. */
const invoiceOf = (s: Seeding, description: string) =>
  one<{ id: string; status: string; total: string }>(
    s.context,
    `SELECT id, status, total FROM invoices WHERE project_id = $1 AND line_items->0->>'description' = $2`,
    [s.projectId, description],
  );

async function invoiceStep(
  s: Seeding,
  line: { description: string; quantity: number; unitAmount: number; dueInDays: number },
  upTo: 'DRAFT' | 'SENT' | 'PAID',
) {
  const { invoices } = s.context.services;
  let invoice = await invoiceOf(s, line.description);
  if (!invoice) {
    await invoices.create(
      s.viewer,
      {
        projectId: s.projectId,
        currency: 'USD',
        lineItems: [{ description: line.description, quantity: line.quantity, unitAmount: line.unitAmount }],
        taxRatePercent: null,
        dueDate: new Date(s.context.clock().getTime() + line.dueInDays * DAY),
        notes: null,
      },
      REQUEST_ID,
    );
    invoice = (await invoiceOf(s, line.description))!;
  }
  if (upTo !== 'DRAFT' && invoice.status === 'DRAFT') {
    await invoices.send(s.viewer, invoice.id, REQUEST_ID);
    invoice = (await invoiceOf(s, line.description))!;
  }
  if (upTo === 'PAID' && invoice.status === 'SENT')
    await invoices.recordPayment(
      s.viewer,
      invoice.id,
      { amount: Number(invoice.total), method: 'Bank transfer', note: 'Thank you!' },
      REQUEST_ID,
    );
}

async function documentStep(s: Seeding, name: string, make: () => Promise<unknown>) {
  const found = await one(
    s.context,
    'SELECT 1 FROM documents WHERE project_id = $1 AND name = $2 AND NOT removed',
    [s.projectId, name],
  );
  if (!found) await make();
}

const taskOf = (s: Seeding, title: string) =>
  one<{ id: string; status: string; comments: number }>(
    s.context,
    `SELECT t.id, t.status, (SELECT count(*)::int FROM task_comments c WHERE c.task_id = t.id) AS comments
     FROM tasks t WHERE t.project_id = $1 AND t.title = $2`,
    [s.projectId, title],
  );

async function taskStep(
  s: Seeding,
  input: { title: string; description?: string; dueInDays?: number; forJohn?: boolean },
  then: { comment?: string; done?: boolean } = {},
) {
  const { tasks } = s.context.services;
  let task = await taskOf(s, input.title);
  if (!task) {
    await tasks.create(
      s.viewer,
      {
        projectId: s.projectId,
        title: input.title,
        ...(input.description ? { description: input.description } : {}),
        ...(input.dueInDays
          ? { dueDate: new Date(s.context.clock().getTime() + input.dueInDays * DAY) }
          : {}),
        ...(input.forJohn ? { assigneeContactId: s.johnId } : {}),
      },
      REQUEST_ID,
    );
    task = (await taskOf(s, input.title))!;
  }
  if (then.comment && task.comments === 0) await tasks.comment(s.viewer, task.id, then.comment, REQUEST_ID);
  if (then.done && task.status !== 'DONE') await tasks.setStatus(s.viewer, task.id, 'DONE', REQUEST_ID);
}

/**
 * The demo's story, in order. Every change goes through the services (so the
 * timeline tells it), and every step first looks at what is there, so that a
 * seeding interrupted anywhere (Ctrl-C, a crash) is finished by the next start.
 */
export const DEMO_STEPS: readonly SeedStep[] = [
  {
    name: 'task settings',
    async run(s) {
      const { task_visibility } = (await one<{ task_visibility: string }>(
        s.context,
        'SELECT task_visibility FROM workspaces WHERE id = $1',
        [s.viewer.workspaceId],
      ))!;
      if (task_visibility !== 'ALL')
        await s.context.services.workspaces.updateTaskSettings(
          s.viewer,
          { visibility: 'ALL', clientsCanCreate: true, clientsCanEdit: true, clientsCanComment: true },
          REQUEST_ID,
        );
    },
  },
  {
    name: 'client',
    async run(s) {
      const find = () =>
        one<{ id: string }>(s.context, 'SELECT id FROM clients WHERE workspace_id = $1 AND name = $2', [
          s.viewer.workspaceId,
          'Smith & Co',
        ]);
      if (!(await find()))
        await s.context.services.clients.create(
          s.viewer,
          {
            name: 'Smith & Co',
            contacts: [
              { name: 'John Smith', email: DEMO_CONTACT_EMAIL },
              { name: 'Jane Smith', email: 'jane.smith@example.com' },
            ],
          },
          REQUEST_ID,
        );
      s.clientId = (await find())!.id;
      s.johnId = (await one<{ id: string }>(
        s.context,
        'SELECT id FROM contacts WHERE client_id = $1 AND lower(email) = $2',
        [s.clientId, DEMO_CONTACT_EMAIL],
      ))!.id;
    },
  },
  {
    name: 'project',
    async run(s) {
      const find = () =>
        one<{ id: string }>(s.context, 'SELECT id FROM projects WHERE client_id = $1 AND name = $2', [
          s.clientId,
          'Website relaunch',
        ]);
      if (!(await find()))
        await s.context.services.projects.create(
          s.viewer,
          { clientId: s.clientId, name: 'Website relaunch' },
          REQUEST_ID,
        );
      s.projectId = (await find())!.id;
    },
  },
  {
    // Who issues the demo's invoices, as their PDFs show it (the same profile again decides nothing).
    name: 'billing profile',
    run: (s) =>
      s.context.services.billingSettings.updateProfile(
        s.viewer,
        {
          legalName: 'Demo Studio Ltd',
          address: '1 Example Street\nLondon N1 1AA\nUnited Kingdom',
          taxId: 'GB 123 4567 89',
          paymentInstructions:
            'Bank transfer to Demo Studio Ltd, IBAN GB33 BUKB 2020 1555 5555 55, quoting the invoice number.',
        },
        REQUEST_ID,
      ),
  },
  {
    name: 'paid invoice',
    run: (s) =>
      invoiceStep(
        s,
        { description: 'Discovery workshop', quantity: 1, unitAmount: 150000, dueInDays: 14 },
        'PAID',
      ),
  },
  {
    name: 'sent invoice',
    run: (s) =>
      invoiceStep(
        s,
        { description: 'Design: home and product pages', quantity: 2, unitAmount: 240000, dueInDays: 30 },
        'SENT',
      ),
  },
  {
    name: 'draft invoice',
    run: (s) =>
      invoiceStep(
        s,
        { description: 'Development (first sprint)', quantity: 10, unitAmount: 90000, dueInDays: 45 },
        'DRAFT',
      ),
  },
  ...(
    [
      ['Project brief.pdf', 'Website relaunch: brief'],
      ['Sitemap v1.pdf', 'Website relaunch: sitemap'],
    ] as const
  ).map(([file, text]): SeedStep => ({
    name: `upload ${file}`,
    run: (s) =>
      documentStep(s, file, () => uploadDocument(s.context, s.viewer, s.projectId, file, tinyPdf(text))),
  })),
  {
    name: 'link',
    run: (s) =>
      documentStep(s, 'Staging site', () =>
        s.context.services.documents.shareLink(
          s.viewer,
          { projectId: s.projectId, title: 'Staging site', url: 'https://staging.example.com' },
          REQUEST_ID,
        ),
      ),
  },
  {
    name: 'done task',
    run: (s) =>
      taskStep(
        s,
        { title: 'Approve the sitemap', description: 'See "Sitemap v1.pdf" in the documents.' },
        { comment: 'Approved on our call, thanks John.', done: true },
      ),
  },
  {
    name: "John's task",
    run: (s) =>
      taskStep(s, {
        title: 'Send us your logo files',
        description: 'SVG or a large PNG, please.',
        dueInDays: 7,
        forJohn: true,
      }),
  },
  { name: 'open task', run: (s) => taskStep(s, { title: 'Write the About page copy' }) },
];

/** The demo's owner acting: the workspace made now, or, when a seeding is resumed, a fresh token of its owner. */
async function ownerViewer(context: AppContext): Promise<MemberViewer> {
  const { services } = context;
  const existing = await services.workspaces.bySlug(DEMO_SLUG);
  let token: string;
  if (!existing) {
    token = (
      await services.workspaces.createWorkspace(
        { name: 'Demo Studio', slug: DEMO_SLUG, ownerName: 'Ava Owner', ownerEmail: 'ava.owner@example.com' },
        { kind: 'SYSTEM', id: null, name: 'npm start (demo)' },
        REQUEST_ID,
      )
    ).apiToken;
  } else {
    const owner = (await one<{ id: string }>(
      context,
      'SELECT id FROM members WHERE workspace_id = $1 ORDER BY created_at LIMIT 1',
      [existing.id],
    ))!;
    ({ token } = await services.apiTokens.create(existing.id, owner.id, 'npm start (demo)', {
      actor: { kind: 'SYSTEM', id: null, name: 'npm start (demo)' },
      correlationId: REQUEST_ID,
      tenantId: existing.id,
    }));
  }
  const viewer = await services.apiTokens.authenticate(token);
  if (!viewer) throw new Error('the demo owner token does not authenticate');
  return viewer;
}

export interface SeedOptions {
  /** Called before each step by name (npm start shows nothing; tests interrupt the seeding here). */
  beforeStep?: (name: string) => void | Promise<void>;
}

/**
 * The demo workspace, through the services: Demo Studio, its client Smith & Co
 * with John and Jane, the project Website relaunch with three invoices, two
 * files, a link, tasks and a comment. Run again after an interruption, it does
 * what is missing and nothing twice; the demo_seeds row marks the end.
 */
export async function seedDemo(context: AppContext, options: SeedOptions = {}): Promise<void> {
  await options.beforeStep?.('workspace');
  const seeding: Seeding = {
    context,
    viewer: await ownerViewer(context),
    clientId: '',
    projectId: '',
    johnId: '',
  };
  for (const step of DEMO_STEPS) {
    await options.beforeStep?.(step.name);
    await step.run(seeding);
  }
  await context.pool.query(
    'INSERT INTO demo_seeds (slug, completed_at) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING',
    [DEMO_SLUG, context.clock()],
  );
}
