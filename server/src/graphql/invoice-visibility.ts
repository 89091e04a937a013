/** Contacts ($3 = their client) never see drafts, nor drafts voided before they were sent. */
export const CONTACT_INVOICE_FILTER = `($3::uuid IS NULL OR (status <> 'DRAFT' AND issued_at IS NOT NULL))`;
