import type { AppContext } from '../app-context';
import type { MemberViewer } from '../auth/viewer';

export const DEMO_SLUG = 'demo-studio';
export const DEMO_CONTACT_EMAIL = 'john.smith@example.com';
const REQUEST_ID = 'npm-start-demo';

/** A one-page PDF saying `text` (small, valid enough for any viewer). */
function tinyPdf(text: string): Buffer {
  const stream = `BT /F1 18 Tf 72 720 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** Uploads a file the way a browser does (ticket, form POST to the S3, completion): a FILE document. */
async function uploadDocument(
  context: AppContext,
  viewer: MemberViewer,
  projectId: string,
  fileName: string,
  bytes: Buffer,
): Promise<void> {
  const { files } = context.services;
  const contentType = 'application/pdf';
  const ticket = await files.requestUpload(viewer, {
    purpose: 'PROJECT_DOCUMENT',
    projectId,
    fileName,
    contentType,
    size: bytes.length,
  });
  const form = new FormData();
  for (const { name, value } of ticket.fields) form.append(name, value);
  form.append('file', new Blob([bytes], { type: contentType }), fileName);
  const response = await fetch(ticket.url, { method: 'POST', body: form });
  if (!response.ok) throw new Error(`the demo upload of ${fileName} failed: ${response.status}`);
  await files.completeDocumentUpload(viewer, ticket.uploadId, REQUEST_ID);
}

export interface DemoAccess {
  /** A fresh member API token of the owner, named "npm start". */
  token: string;
  /** A fresh sign-in link for John Smith; null when none was made (the portal is off, or John was removed). */
  signInLink: string | null;
}

/** True when the demo workspace exists. */
export async function demoExists(context: AppContext): Promise<boolean> {
  return (await context.services.workspaces.bySlug(DEMO_SLUG)) !== null;
}

/**
 * The demo workspace, through the services (every change is an event, so its
 * timeline tells the story): Demo Studio, its client Smith & Co with John and
 * Jane, the project Website relaunch with three invoices, two files, a link,
 * tasks and a comment.
 */
export async function seedDemo(context: AppContext): Promise<void> {
  const { services } = context;
  const created = await services.workspaces.createWorkspace(
    { name: 'Demo Studio', slug: DEMO_SLUG, ownerName: 'Ava Owner', ownerEmail: 'ava.owner@example.com' },
    { kind: 'SYSTEM', id: null, name: 'npm start (demo)' },
    REQUEST_ID,
  );
  const viewer = await services.apiTokens.authenticate(created.apiToken);
  if (!viewer) throw new Error('the demo owner token does not authenticate');
  await services.workspaces.updateTaskSettings(
    viewer,
    { visibility: 'ALL', clientsCanCreate: true, clientsCanEdit: true, clientsCanComment: true },
    REQUEST_ID,
  );
  const client = await services.clients.create(
    viewer,
    {
      name: 'Smith & Co',
      contacts: [
        { name: 'John Smith', email: DEMO_CONTACT_EMAIL },
        { name: 'Jane Smith', email: 'jane.smith@example.com' },
      ],
    },
    REQUEST_ID,
  );
  const { rows } = await context.pool.query<{ id: string }>(
    'SELECT id FROM contacts WHERE workspace_id = $1 AND lower(email) = $2',
    [viewer.workspaceId, DEMO_CONTACT_EMAIL],
  );
  const johnId = rows[0].id;
  const project = await services.projects.create(
    viewer,
    { clientId: client.id, name: 'Website relaunch' },
    REQUEST_ID,
  );
  const projectId = project.id;
  // Who issues the demo's invoices, as their PDFs show it.
  await services.billingSettings.updateProfile(
    viewer,
    {
      legalName: 'Demo Studio Ltd',
      address: '1 Example Street\nLondon N1 1AA\nUnited Kingdom',
      taxId: 'GB 123 4567 89',
      paymentInstructions:
        'Bank transfer to Demo Studio Ltd, IBAN GB33 BUKB 2020 1555 5555 55, quoting the invoice number.',
    },
    REQUEST_ID,
  );
  const day = 24 * 60 * 60 * 1000;
  const invoice = (description: string, quantity: number, unitAmount: number, dueInDays: number) =>
    services.invoices.create(
      viewer,
      {
        projectId,
        currency: 'USD',
        lineItems: [{ description, quantity, unitAmount }],
        taxRatePercent: null,
        dueDate: new Date(context.clock().getTime() + dueInDays * day),
        notes: null,
      },
      REQUEST_ID,
    );
  const discovery = await invoice('Discovery workshop', 1, 150000, 14);
  await services.invoices.send(viewer, discovery.id, REQUEST_ID);
  await services.invoices.recordPayment(
    viewer,
    discovery.id,
    { amount: discovery.total, method: 'Bank transfer', note: 'Thank you!' },
    REQUEST_ID,
  );
  const design = await invoice('Design: home and product pages', 2, 240000, 30);
  await services.invoices.send(viewer, design.id, REQUEST_ID);
  await invoice('Development (first sprint)', 10, 90000, 45);
  await uploadDocument(context, viewer, projectId, 'Project brief.pdf', tinyPdf('Website relaunch: brief'));
  await uploadDocument(context, viewer, projectId, 'Sitemap v1.pdf', tinyPdf('Website relaunch: sitemap'));
  await services.documents.shareLink(
    viewer,
    { projectId, title: 'Staging site', url: 'https://staging.example.com' },
    REQUEST_ID,
  );
  const sitemap = await services.tasks.create(
    viewer,
    { projectId, title: 'Approve the sitemap', description: 'See "Sitemap v1.pdf" in the documents.' },
    REQUEST_ID,
  );
  await services.tasks.comment(viewer, sitemap.id, 'Approved on our call, thanks John.', REQUEST_ID);
  await services.tasks.setStatus(viewer, sitemap.id, 'DONE', REQUEST_ID);
  await services.tasks.create(
    viewer,
    {
      projectId,
      title: 'Send us your logo files',
      description: 'SVG or a large PNG, please.',
      dueDate: new Date(context.clock().getTime() + 7 * day),
      assigneeContactId: johnId,
    },
    REQUEST_ID,
  );
  await services.tasks.create(viewer, { projectId, title: 'Write the About page copy' }, REQUEST_ID);
}

/** A fresh "npm start" API token of the demo's owner and a fresh sign-in link for John (read from the outbox). */
export async function demoAccess(context: AppContext): Promise<DemoAccess> {
  const { services, pool } = context;
  const workspace = (await services.workspaces.bySlug(DEMO_SLUG))!;
  const owner = await pool.query<{ id: string }>(
    'SELECT id FROM members WHERE workspace_id = $1 ORDER BY created_at LIMIT 1',
    [workspace.id],
  );
  const { token } = await services.apiTokens.create(workspace.id, owner.rows[0].id, 'npm start', {
    actor: { kind: 'SYSTEM', id: null, name: 'npm start' },
    correlationId: REQUEST_ID,
    tenantId: workspace.id,
  });
  const since = await pool.query<{ position: string }>(
    'SELECT coalesce(max(global_position), 0) AS position FROM es_events',
  );
  // The link's own making (the RequestSignInLink command and its outbox row), without requestLoginLink's
  // per-email rate limit: npm start, not a visitor, asks, and a few restarts in an hour would use it up.
  await services.contactSessions.sendLink(DEMO_SLUG, DEMO_CONTACT_EMAIL, REQUEST_ID);
  const link = await pool.query<{ token: string }>(
    `SELECT o.payload->>'token' AS token FROM email_outbox o
     JOIN es_events e ON e.event_id = o.event_id
     JOIN contacts c ON c.id = (e.data->>'contactId')::uuid
     WHERE c.workspace_id = $1 AND lower(c.email) = $2 AND e.global_position > $3
     ORDER BY e.global_position DESC LIMIT 1`,
    [workspace.id, DEMO_CONTACT_EMAIL, since.rows[0].position],
  );
  const linkToken = link.rows[0]?.token;
  return {
    token,
    signInLink: linkToken
      ? `${context.config.PUBLIC_URL}/p/${DEMO_SLUG}/auth?token=${encodeURIComponent(linkToken)}`
      : null,
  };
}
