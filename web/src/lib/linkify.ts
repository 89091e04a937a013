/** A piece of plain text: as it is, or an http(s) address to show as a link. */
export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// An address starts with http:// or https:// and runs to the next space or character that cannot be in one.
const ADDRESS = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Closing punctuation that ends a sentence rather than the address ("see https://a.test/x.").
const TRAILING = /[.,;:!?]+$/;

/** Drops a trailing ")" the address did not open (the text's own parenthesis), and sentence punctuation. */
function trimEnd(candidate: string): string {
  let text = candidate;
  for (;;) {
    const before = text;
    text = text.replace(TRAILING, '');
    if (text.endsWith(')') && (text.match(/\(/g)?.length ?? 0) < (text.match(/\)/g)?.length ?? 0))
      text = text.slice(0, -1);
    if (text === before) return text;
  }
}

/** The address as a link target, only when it parses as http(s) with a host; null otherwise. */
function safeHref(text: string): string | null {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Plain text split into text and http(s) links, for rendering as text nodes
 * and anchors (never as HTML). Nothing else becomes a link: javascript:,
 * data:, mailto: and addresses without a scheme stay text.
 */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let rest = 0;
  const push = (piece: string) => {
    if (!piece) return;
    const last = parts.at(-1);
    if (last?.kind === 'text') last.text += piece;
    else parts.push({ kind: 'text', text: piece });
  };
  for (const match of text.matchAll(ADDRESS)) {
    const start = match.index;
    // Part of a longer word (xhttps://…): not an address of its own.
    if (start > 0 && /[\w/:]/.test(text[start - 1])) continue;
    const address = trimEnd(match[0]);
    const href = safeHref(address);
    if (!href || address.length <= 'https://'.length) continue;
    push(text.slice(rest, start));
    parts.push({ kind: 'link', text: address, href });
    rest = start + address.length;
  }
  push(text.slice(rest));
  return parts;
}
