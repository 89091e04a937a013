/**
 * Contacts ($3 = their client) see the invoices of their client's ACTIVE
 * projects (the projects the portal shows them), never a draft, nor a draft
 * voided before it was sent.
 */
export const CONTACT_INVOICE_FILTER = `($3::uuid IS NULL OR (status <> 'DRAFT' AND issued_at IS NOT NULL
  AND EXISTS (SELECT 1 FROM projects p WHERE p.id = project_id AND p.status = 'ACTIVE')))`;
