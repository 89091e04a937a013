import { DEFAULT_ACCENT_COLOR } from '../../workspaces/workspace.decider';

/** How a workspace's emails look: read from the workspaces table when the email is sent. */
export interface EmailBranding {
  companyName: string;
  /** #rrggbb: the button colour. */
  accentColor: string;
  /** An http(s) address of the logo (the service's stable branding address), or null: the company name instead. */
  logoUrl: string | null;
  /** Whitelabel: true shows only the workspace's brand; false adds "Powered by Client Portal". */
  showYourBrand: boolean;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export const POWERED_BY = 'Powered by Client Portal';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Every value put into an email's HTML goes through this (text and attribute values alike). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

/** The accent colour if it is a plain #rrggbb, else the default: it lands in a style attribute. */
export function safeColour(colour: string): string {
  return /^#[0-9a-f]{6}$/i.test(colour) ? colour.toLowerCase() : DEFAULT_ACCENT_COLOR;
}

/** Black or white, whichever reads better on the colour. */
export function textColourOn(colour: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16) / 255);
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.6 ? '#111111' : '#ffffff';
}

function safeImageUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol) ? url : null;
  } catch {
    return null;
  }
}

/** A button-styled link in the workspace's accent colour. */
export function buttonHtml(branding: EmailBranding, href: string, label: string): string {
  const background = safeColour(branding.accentColor);
  return (
    `<table role="presentation" cellspacing="0" cellpadding="0" border="0" style="margin:24px 0"><tr>` +
    `<td style="border-radius:6px;background:${background}">` +
    `<a href="${escapeHtml(href)}" style="display:inline-block;padding:12px 24px;border-radius:6px;` +
    `background:${background};color:${textColourOn(background)};font-weight:600;text-decoration:none">` +
    `${escapeHtml(label)}</a></td></tr></table>`
  );
}

/** The frame of every email: logo or company name on top, the body, and the footer. `bodyHtml` must be escaped already. */
export function layoutHtml(branding: EmailBranding, title: string, bodyHtml: string): string {
  const logo = safeImageUrl(branding.logoUrl);
  const header = logo
    ? `<img src="${escapeHtml(logo)}" alt="${escapeHtml(branding.companyName)}" style="max-height:48px;border:0">`
    : `<span style="font-size:20px;font-weight:700">${escapeHtml(branding.companyName)}</span>`;
  const poweredBy = branding.showYourBrand
    ? ''
    : `<p style="margin:24px 0 0;color:#888888;font-size:12px">${escapeHtml(POWERED_BY)}</p>`;
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title></head>`,
    '<body style="margin:0;padding:0;background:#f4f4f5">',
    '<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0"><tr><td align="center" style="padding:24px">',
    '<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="max-width:560px;background:#ffffff;border-radius:8px">',
    '<tr><td style="padding:32px;font-family:Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#222222">',
    `<div style="margin-bottom:24px">${header}</div>`,
    bodyHtml,
    poweredBy,
    '</td></tr></table>',
    '</td></tr></table>',
    '</body></html>',
  ].join('\n');
}

/** The plain-text footer: the Powered-by line only when the workspace does not show its brand alone. */
export function footerText(branding: EmailBranding): string {
  return branding.showYourBrand ? '' : `\n\n--\n${POWERED_BY}`;
}
