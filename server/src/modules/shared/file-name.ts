/**
 * The Unicode bidirectional controls: embeddings and overrides (U+202A–U+202E),
 * isolates (U+2066–U+2069) and the marks LRM, RLM (U+200E, U+200F) and ALM
 * (U+061C). In a file name they only serve to disguise it: "invoice\u202Efdp.exe"
 * shows as "invoiceexe.pdf".
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** The name without its bidirectional controls (everything else kept as it is). */
export function stripBidiControls(name: string): string {
  return name.replace(BIDI_CONTROLS, '');
}
