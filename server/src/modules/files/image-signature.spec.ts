import { deflateSync } from 'node:zlib';
import {
  CHECKED_IMAGE_TYPES,
  IMAGE_HEAD_BYTES,
  imageMismatch,
  requireCheckedImageTypes,
} from './image-signature';
import { BRANDING_IMAGE_TYPES, DEFAULT_UPLOAD_CONTENT_TYPES } from './upload.limits';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(
    parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))),
  );

/** An ISO BMFF ftyp box: size, 'ftyp', the major brand, minor version 0, the compatible brands. */
const ftyp = (major: string, ...compatible: string[]) => {
  const size = 16 + 4 * compatible.length;
  return bytes([0, 0, 0, size], 'ftyp', major, [0, 0, 0, 0], ...compatible, [0, 0, 0, 8], 'meta');
};

/** The heads of real files of each type, as their formats begin. */
const HEADS: Record<string, Buffer> = {
  'image/png': bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR', [0, 0, 0, 8]),
  'image/jpeg': bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF', [0, 1, 1]),
  'image/gif': bytes('GIF89a', [1, 0, 1, 0, 0x80, 0, 0]),
  'image/webp': bytes('RIFF', [0x1a, 0, 0, 0], 'WEBPVP8L', [0x0d, 0, 0, 0, 0x2f]),
  'image/avif': ftyp('avif', 'mif1', 'miaf'),
  'image/heic': ftyp('heic', 'mif1', 'heic'),
  'image/heif': ftyp('mif1', 'heic'),
  'image/bmp': bytes('BM', [0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 0x28, 0]),
  'image/tiff': bytes([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]),
  'image/x-icon': bytes([0, 0, 1, 0, 1, 0, 16, 16]),
  'image/vnd.microsoft.icon': bytes([0, 0, 1, 0, 1, 0, 16, 16]),
  'image/svg+xml': bytes('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
};
const SVG_WITH_SCRIPT = bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
const RASTER_TYPES = CHECKED_IMAGE_TYPES.filter((type) => type !== 'image/svg+xml');

describe('image signatures', () => {
  it('every checked type has a head here, and every image type the limits allow is checked', () => {
    expect(Object.keys(HEADS).sort()).toEqual([...CHECKED_IMAGE_TYPES].sort());
    const allowed = [...DEFAULT_UPLOAD_CONTENT_TYPES, ...BRANDING_IMAGE_TYPES].filter((t) =>
      t.startsWith('image/'),
    );
    expect(allowed.filter((type) => !CHECKED_IMAGE_TYPES.includes(type))).toEqual([]);
  });

  it.each(Object.entries(HEADS))('%s: its own head fits, cut to IMAGE_HEAD_BYTES too', (type, head) => {
    expect(imageMismatch(type, head)).toBeNull();
    expect(
      imageMismatch(
        type,
        Buffer.concat([head, Buffer.alloc(IMAGE_HEAD_BYTES)]).subarray(0, IMAGE_HEAD_BYTES),
      ),
    ).toBeNull();
  });

  it('a head of one format never fits another (ICO and HEIC/HEIF aside, which share a signature)', () => {
    const same = (a: string, b: string) =>
      a === b ||
      [a, b].every((t) => t.endsWith('icon')) ||
      [a, b].every((t) => ['image/heic', 'image/heif'].includes(t));
    const fits: string[] = [];
    for (const [declared] of Object.entries(HEADS))
      for (const [actual, head] of Object.entries(HEADS))
        if (!same(declared, actual) && imageMismatch(declared, head) === null)
          fits.push(`${actual} as ${declared}`);
    expect(fits).toEqual([]);
  });

  it('an SVG never passes as a raster type, with a BOM, white space or a doctype before it too', () => {
    const svgs = [
      SVG_WITH_SCRIPT,
      HEADS['image/svg+xml'],
      bytes([0xef, 0xbb, 0xbf], '  \r\n\t<svg onload="alert(1)"/>'),
      bytes('<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"><svg/>'),
      bytes('<!-- a logo --><svg/>'),
    ];
    for (const type of RASTER_TYPES)
      for (const svg of svgs)
        expect(imageMismatch(type, svg)).toMatch(/^is not an? \w+ image: it begins as markup/);
    expect(imageMismatch('image/png', SVG_WITH_SCRIPT)).toBe(
      'is not a PNG image: it begins as markup (SVG, XML or HTML)',
    );
  });

  it('says what the file begins as, or that it is empty or no image at all', () => {
    expect(imageMismatch('image/jpeg', HEADS['image/png'])).toBe(
      'is not a JPEG image: it begins as a PNG image',
    );
    expect(imageMismatch('image/webp', HEADS['image/gif'])).toBe(
      'is not a WebP image: it begins as a GIF image',
    );
    expect(imageMismatch('image/png', Buffer.alloc(0))).toBe('is not a PNG image: it is empty');
    expect(imageMismatch('image/avif', bytes('%PDF-1.7'))).toBe(
      'is not an AVIF image: its first bytes are those of no image format',
    );
  });

  it('a signature cut short, or nearly right, does not fit', () => {
    expect(imageMismatch('image/png', HEADS['image/png'].subarray(0, 7))).not.toBeNull();
    expect(imageMismatch('image/gif', bytes('GIF88a'))).not.toBeNull();
    expect(imageMismatch('image/webp', bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '))).not.toBeNull();
    expect(imageMismatch('image/avif', ftyp('isom', 'mp41'))).not.toBeNull(); // an MP4
    expect(imageMismatch('image/bmp', bytes('BM'))).not.toBeNull();
  });

  it('a real PNG made by zlib fits PNG, and only PNG', () => {
    const png = Buffer.concat([HEADS['image/png'], deflateSync(Buffer.alloc(64))]);
    expect(CHECKED_IMAGE_TYPES.filter((type) => imageMismatch(type, png) === null)).toEqual(['image/png']);
  });

  it('the bytes of what is no image are not looked into', () => {
    for (const type of ['application/pdf', 'text/plain', 'text/csv', 'application/zip', 'video/mp4'])
      expect(imageMismatch(type, SVG_WITH_SCRIPT)).toBeNull();
  });

  it('an image type it knows no signature of never fits', () => {
    expect(imageMismatch('image/x-foo', HEADS['image/png'])).toBe(
      'is of the type image/x-foo, whose bytes the portal cannot check',
    );
  });

  it('requireCheckedImageTypes: the default and the branding types pass; an unknown image type stops the start', () => {
    expect(requireCheckedImageTypes(DEFAULT_UPLOAD_CONTENT_TYPES, 'UPLOAD_CONTENT_TYPES')).toBe(
      DEFAULT_UPLOAD_CONTENT_TYPES,
    );
    expect(requireCheckedImageTypes(['application/pdf', 'image/svg+xml'], 'X')).toEqual([
      'application/pdf',
      'image/svg+xml',
    ]);
    expect(() =>
      requireCheckedImageTypes(['image/png', 'image/x-foo', 'image/jxl'], 'UPLOAD_CONTENT_TYPES'),
    ).toThrow(/^UPLOAD_CONTENT_TYPES: image\/x-foo, image\/jxl: the portal cannot check/);
  });
});
