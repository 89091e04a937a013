import { Router } from 'express';
import type { Pool } from 'pg';
import { escapeHtml } from './templates/email.layout';

interface MailboxRow {
  id: string;
  message_id: string;
  from_address: string;
  from_name: string | null;
  to_address: string;
  to_name: string | null;
  reply_to_address: string | null;
  reply_to_name: string | null;
  subject: string;
  text_body: string;
  html_body: string;
  attachments: { filename: string; contentType: string; size: number }[];
  created_at: Date;
}

const LIMIT = 100;

function toJson(row: MailboxRow) {
  return {
    id: row.id,
    messageId: row.message_id,
    from: { email: row.from_address, name: row.from_name },
    to: { email: row.to_address, name: row.to_name },
    replyTo: row.reply_to_address ? { email: row.reply_to_address, name: row.reply_to_name } : null,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    attachments: row.attachments,
    createdAt: row.created_at.toISOString(),
  };
}

/** The text, escaped, with its http(s) addresses made links. */
function linkify(text: string): string {
  return escapeHtml(text).replace(
    /https?:\/\/[^\s<>"']+/g,
    (url) => `<a href="${url}" target="_blank" rel="noopener noreferrer">${url}</a>`,
  );
}

function page(rows: MailboxRow[]): string {
  const items = rows.length
    ? rows
        .map((row) => {
          const to = row.to_name ? `${row.to_name} <${row.to_address}>` : row.to_address;
          const replyTo = row.reply_to_address ? ` · Reply-To ${escapeHtml(row.reply_to_address)}` : '';
          return `<article>
  <h2>${escapeHtml(row.subject)}</h2>
  <p class="meta">To ${escapeHtml(to)}${replyTo} · <time datetime="${row.created_at.toISOString()}">${escapeHtml(row.created_at.toISOString())}</time> · <a href="/dev/mailbox/${encodeURIComponent(row.id)}/html" target="_blank" rel="noopener">HTML</a></p>
  <pre>${linkify(row.text_body)}</pre>${
    row.attachments.length
      ? `\n  <p class="meta">Attached: ${row.attachments.map((file) => escapeHtml(`${file.filename} (${file.contentType}, ${file.size} bytes)`)).join(', ')}</p>`
      : ''
  }
</article>`;
        })
        .join('\n')
    : '<p>No messages yet.</p>';
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Dev mailbox</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 760px; margin: 2rem auto; padding: 0 1rem; color: #222; }
  article { border: 1px solid #ddd; border-radius: 8px; padding: 1rem; margin: 1rem 0; }
  h2 { font-size: 1.1rem; margin: 0 0 .25rem; }
  .meta { color: #666; font-size: .85rem; margin: 0 0 .75rem; }
  pre { white-space: pre-wrap; word-break: break-word; margin: 0; font: inherit; }
</style></head>
<body><h1>Dev mailbox</h1>
<p>Emails the service would have sent (neither SMTP_URL nor SENDGRID_API_KEY is set), newest first; the last ${LIMIT}.</p>
${items}
</body></html>`;
}

/**
 * GET /dev/mailbox (a page) and /dev/mailbox.json: the messages the dev mailbox
 * holds, newest first. Mounted only outside production (see http.app.ts).
 */
/** Mounted under /dev (http.app.ts), behind the operator-only check. */
export function devMailboxRoutes(pool: Pool): Router {
  const router = Router();
  // Ordered by the column, not by the id::text of the output (ORDER BY id would sort "10" before "9").
  const latest = async () =>
    (
      await pool.query<MailboxRow>(
        `SELECT id::text, message_id, from_address, from_name, to_address, to_name, reply_to_address, reply_to_name, subject, text_body, html_body, attachments, created_at
         FROM dev_mailbox ORDER BY dev_mailbox.id DESC LIMIT ${LIMIT}`,
      )
    ).rows;

  router.get('/mailbox.json', async (_req, res) => {
    res.set('cache-control', 'no-store').json({ messages: (await latest()).map(toJson) });
  });
  router.get('/mailbox', async (_req, res) => {
    res
      .set('cache-control', 'no-store')
      .set('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .type('html')
      .send(page(await latest()));
  });
  // One message's HTML as the recipient would see it, sandboxed: no script runs, nothing else loads but images.
  router.get('/mailbox/:id/html', async (req, res) => {
    const id = /^\d{1,18}$/.test(req.params.id) ? req.params.id : null;
    const { rows } = id
      ? await pool.query('SELECT html_body FROM dev_mailbox WHERE id = $1', [id])
      : { rows: [] };
    if (!rows.length) {
      res.status(404).type('text').send('Not found');
      return;
    }
    res
      .set('cache-control', 'no-store')
      .set(
        'content-security-policy',
        "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src * data:",
      )
      .type('html')
      .send(rows[0].html_body);
  });
  return router;
}
