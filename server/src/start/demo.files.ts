import type { AppContext } from '../app-context';
import type { MemberViewer } from '../auth/viewer';

const REQUEST_ID = 'npm-start-demo';

/** A one-page PDF saying `text` (small, valid enough for any viewer). */
export function tinyPdf(text: string): Buffer {
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
export async function uploadDocument(
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
