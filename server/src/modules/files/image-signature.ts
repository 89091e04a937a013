/**
 * What the first bytes of an image file are, by type: the signatures the
 * formats' own specifications fix (PNG, JPEG/JFIF, GIF, RIFF/WebP, ISO BMFF
 * for AVIF and HEIF, BMP, TIFF, ICO). S3 stores whatever bytes a form brings
 * under the type the policy pins, so a completed upload is checked here: an
 * SVG (markup that may carry script) never passes as a raster type.
 */

/** How many bytes of the object are read to check it (a ranged GET). */
export const IMAGE_HEAD_BYTES = 64;

interface ImageSignature {
  /** How a message names it. */
  label: string;
  matches(head: Uint8Array): boolean;
}

const startsWith = (head: Uint8Array, bytes: readonly number[], at = 0) =>
  head.length >= at + bytes.length && bytes.every((byte, i) => head[at + i] === byte);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The ISO BMFF brands of an `ftyp` box at the start (major, then the compatible ones read). */
function ftypBrands(head: Uint8Array): string[] {
  if (!startsWith(head, ascii('ftyp'), 4)) return [];
  const boxSize = ((head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3]) >>> 0;
  // 0 (to the end of the file) and 1 (a 64-bit size follows) are no length to go by.
  const end = boxSize < 16 ? head.length : Math.min(head.length, boxSize);
  const brands: string[] = [];
  for (let at = 8; at + 4 <= end; at += at === 8 ? 8 : 4)
    // skip minor_version after the major brand
    brands.push(String.fromCharCode(...head.subarray(at, at + 4)));
  return brands;
}
const hasBrand = (head: Uint8Array, brands: readonly string[]) =>
  ftypBrands(head).some((brand) => brands.includes(brand));

const AVIF_BRANDS = ['avif', 'avis'];
const HEIF_BRANDS = ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs', 'mif1', 'msf1'];
/** HEIF, not AVIF (an AVIF is a HEIF container too, and lists mif1 among its brands). */
const isHeif = (head: Uint8Array) => hasBrand(head, HEIF_BRANDS) && !hasBrand(head, AVIF_BRANDS);

/** Markup (SVG, XML, HTML): after an optional UTF-8 byte-order mark and white space, a `<`. */
function isMarkup(head: Uint8Array): boolean {
  let at = startsWith(head, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (at < head.length && [0x20, 0x09, 0x0a, 0x0d].includes(head[at])) at++;
  return head[at] === 0x3c;
}

const RASTER: Record<string, ImageSignature> = {
  'image/png': {
    label: 'PNG',
    matches: (h) => startsWith(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  'image/jpeg': { label: 'JPEG', matches: (h) => startsWith(h, [0xff, 0xd8, 0xff]) },
  'image/gif': {
    label: 'GIF',
    matches: (h) => startsWith(h, ascii('GIF87a')) || startsWith(h, ascii('GIF89a')),
  },
  'image/webp': {
    label: 'WebP',
    matches: (h) => startsWith(h, ascii('RIFF')) && startsWith(h, ascii('WEBP'), 8),
  },
  'image/avif': { label: 'AVIF', matches: (h) => hasBrand(h, AVIF_BRANDS) },
  'image/heic': { label: 'HEIC', matches: isHeif },
  'image/heif': { label: 'HEIF', matches: isHeif },
  'image/bmp': { label: 'BMP', matches: (h) => startsWith(h, ascii('BM')) && h.length >= 14 },
  'image/tiff': {
    label: 'TIFF',
    matches: (h) => startsWith(h, [0x49, 0x49, 0x2a, 0x00]) || startsWith(h, [0x4d, 0x4d, 0x00, 0x2a]),
  },
  'image/x-icon': { label: 'ICO', matches: (h) => startsWith(h, [0x00, 0x00, 0x01, 0x00]) },
  'image/vnd.microsoft.icon': { label: 'ICO', matches: (h) => startsWith(h, [0x00, 0x00, 0x01, 0x00]) },
};

/** SVG is markup, and never one of the raster formats. */
const SVG: ImageSignature = {
  label: 'SVG',
  matches: (h) => isMarkup(h) && !Object.values(RASTER).some((raster) => raster.matches(h)),
};

const SIGNATURES: Record<string, ImageSignature> = { ...RASTER, 'image/svg+xml': SVG };

/** The image types whose bytes can be checked. */
export const CHECKED_IMAGE_TYPES: readonly string[] = Object.keys(SIGNATURES);

const isImageType = (contentType: string) => contentType.startsWith('image/');

/** What the head looks like, for a message. */
function describe(head: Uint8Array): string {
  if (head.length === 0) return 'it is empty';
  const raster = Object.values(RASTER).find((signature) => signature.matches(head));
  if (raster) return `it begins as a ${raster.label} image`;
  if (isMarkup(head)) return 'it begins as markup (SVG, XML or HTML)';
  return 'its first bytes are those of no image format';
}

/**
 * null when the head of the file (its first IMAGE_HEAD_BYTES bytes, or all
 * of a shorter one) fits its declared type, or when the type is no image;
 * else why not, as in "is not a PNG image: it begins as markup (SVG, XML or HTML)".
 * An image type without a known signature never fits (see requireCheckedImageTypes).
 */
export function imageMismatch(contentType: string, head: Uint8Array): string | null {
  if (!isImageType(contentType)) return null;
  const signature = SIGNATURES[contentType];
  if (!signature) return `is of the type ${contentType}, whose bytes the portal cannot check`;
  if (signature.matches(head)) return null;
  const article = /^[AEIOU]/.test(signature.label) ? 'an' : 'a';
  return `is not ${article} ${signature.label} image: ${describe(head)}`;
}

/**
 * The types as given, once each image type among them is one whose bytes can
 * be checked; else an Error naming the setting (an upload of such a type could
 * never be completed).
 */
export function requireCheckedImageTypes(types: readonly string[], setting: string): readonly string[] {
  const unknown = types.filter((type) => isImageType(type) && !CHECKED_IMAGE_TYPES.includes(type));
  if (unknown.length)
    throw new Error(
      `${setting}: ${unknown.join(', ')}: the portal cannot check the bytes of such images; ` +
        `the image types it can check are ${CHECKED_IMAGE_TYPES.join(', ')}`,
    );
  return types;
}
