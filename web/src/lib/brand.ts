/** The relative luminance of a #rrggbb colour (WCAG 2). */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/**
 * CSS variables for a workspace's accent colour: the colour itself for
 * buttons, the text that reads on it (white or near-black, whichever
 * contrasts more), and an ink for links and focus rings on white, darkened
 * until it reaches 4.5:1 so a pale brand colour stays readable.
 */
export function accentVariables(accent: string): Record<string, string> {
  const hex = /^#[0-9a-f]{6}$/i.test(accent) ? accent : '#3355ff';
  const l = luminance(hex);
  const onAccent = contrast(l, 1) >= contrast(l, luminance('#000000')) ? '#ffffff' : '#000000';
  let ink = hex;
  for (let step = 0; step < 20 && contrast(luminance(ink), 1) < 4.5; step++) ink = darken(ink, 0.1);
  return { '--accent': hex, '--on-accent': onAccent, '--accent-ink': ink };
}

function darken(hex: string, amount: number): string {
  const parts = [1, 3, 5].map((i) => Math.round(parseInt(hex.slice(i, i + 2), 16) * (1 - amount)));
  return `#${parts.map((p) => p.toString(16).padStart(2, '0')).join('')}`;
}
