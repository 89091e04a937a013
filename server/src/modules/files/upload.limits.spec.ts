import { ConfigError, parseConfig } from '../../config';
import { DomainError } from '../../projections/domain.errors';
import {
  attachmentDisposition,
  inlineDisposition,
  BRANDING_IMAGE_TYPES,
  DEFAULT_UPLOAD_CONTENT_TYPES,
  limitsFor,
  requireContentType,
  requireFileName,
  requireSize,
} from './upload.limits';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError
      ? { code: error.code, field: error.field, message: error.message }
      : error;
  }
  return null;
};

describe('upload limits', () => {
  it('the default allow-list: PDF, images, office documents, text and CSV, zip, audio and video; no HTML or SVG', () => {
    for (const type of [
      'application/pdf',
      'image/png',
      'image/jpeg',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.ms-excel',
      'text/plain',
      'text/csv',
      'application/zip',
      'audio/mpeg',
      'video/mp4',
    ])
      expect(DEFAULT_UPLOAD_CONTENT_TYPES).toContain(type);
    for (const type of ['text/html', 'image/svg+xml', 'application/javascript', 'application/x-msdownload'])
      expect(DEFAULT_UPLOAD_CONTENT_TYPES).not.toContain(type);
  });

  it('branding images: PNG, JPEG, GIF, WebP and 5 MiB, whatever the document limits', () => {
    expect(limitsFor('LOGO', { maxBytes: 1, contentTypes: ['text/plain'] })).toEqual({
      maxBytes: 5 * 1024 * 1024,
      contentTypes: BRANDING_IMAGE_TYPES,
    });
    expect(limitsFor('PROJECT_DOCUMENT', { maxBytes: 1, contentTypes: ['text/plain'] })).toEqual({
      maxBytes: 1,
      contentTypes: ['text/plain'],
    });
  });

  it('a content type is compared in lower case, and a refusal names it', () => {
    expect(requireContentType(' Image/PNG ', BRANDING_IMAGE_TYPES, 'f')).toBe('image/png');
    expect(
      refusal(() => requireContentType('text/html', DEFAULT_UPLOAD_CONTENT_TYPES, 'input.contentType')),
    ).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.contentType',
      message: 'input.contentType: "text/html" is not a file type this portal accepts',
    });
  });

  it('sizes from 1 byte to the limit, whole numbers', () => {
    expect(requireSize(1, 10, 'input.size')).toBe(1);
    expect(requireSize(10, 10, 'input.size')).toBe(10);
    for (const size of [0, -1, 1.5, 11, Number.NaN])
      expect(refusal(() => requireSize(size, 10, 'input.size'))).toMatchObject({ field: 'input.size' });
    expect(refusal(() => requireSize(26 * 1024 * 1024, 25 * 1024 * 1024, 's'))).toMatchObject({
      message: 's: the file is 26 MiB; the largest accepted is 25 MiB',
    });
  });

  it('file names: trimmed, 1 to 255 characters, no separators or control characters', () => {
    expect(requireFileName('  brief final.pdf ', 'n')).toBe('brief final.pdf');
    expect(requireFileName('Café – notes (2).txt', 'n')).toBe('Café – notes (2).txt');
    for (const name of ['', '   ', 'a/b.pdf', 'a\\b.pdf', 'a\nb', '..', 'x'.repeat(256)])
      expect(refusal(() => requireFileName(name, 'n'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'n' });
  });

  it('file names lose their bidirectional controls, so none poses as another type', () => {
    expect(requireFileName('invoice\u202efdp.exe', 'n')).toBe('invoicefdp.exe');
    expect(requireFileName('\u2067 report\u2069.pdf\u200f ', 'n')).toBe('report.pdf');
    expect(refusal(() => requireFileName('\u202e \u200e', 'n'))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'n',
    });
    // A name recorded before names were cleaned downloads clean all the same.
    expect(attachmentDisposition('invoice\u202efdp.exe')).toBe('attachment; filename="invoicefdp.exe"');
  });

  it('inline only for a raster image or a PDF; SVG, HTML, text, anything else or no type is an attachment', () => {
    for (const type of ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'])
      expect(inlineDisposition(type)).toBe('inline');
    for (const type of ['image/svg+xml', 'text/html', 'text/plain', 'application/zip', 'IMAGE/PNG', '', null])
      expect(inlineDisposition(type)).toBe('attachment');
  });

  it('Content-Disposition: attachment with the original name; filename* when it is not plain ASCII', () => {
    expect(attachmentDisposition('brief.pdf')).toBe('attachment; filename="brief.pdf"');
    expect(attachmentDisposition("John's (v2).pdf")).toBe(`attachment; filename="John's (v2).pdf"`);
    expect(attachmentDisposition('a"b\\c.pdf')).toBe(
      `attachment; filename="a_b_c.pdf"; filename*=UTF-8''a%22b%5Cc.pdf`,
    );
    expect(attachmentDisposition('résumé.pdf')).toBe(
      `attachment; filename="r_sum_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`,
    );
  });
});

describe('files configuration', () => {
  const problems = (env: Record<string, string>) => {
    try {
      parseConfig(env);
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };

  it('defaults: the embedded S3 server, bucket portal, us-east-1, 25 MiB, the default types', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      S3_BUCKET: 'portal',
      S3_REGION: 'us-east-1',
      UPLOAD_MAX_BYTES: 25 * 1024 * 1024,
    });
    expect(config.S3_ENDPOINT).toBeUndefined();
    expect(config.UPLOAD_CONTENT_TYPES).toBeUndefined();
  });

  it('takes an S3 with its keys, a limit and a list of types', () => {
    expect(
      parseConfig({
        S3_ENDPOINT: 'http://minio:9000',
        S3_PUBLIC_ENDPOINT: 'http://localhost:9000',
        S3_ACCESS_KEY: 'minioadmin',
        S3_SECRET_KEY: 'minioadmin',
        S3_BUCKET: 'files.acme',
        UPLOAD_MAX_BYTES: '1048576',
        UPLOAD_CONTENT_TYPES: 'application/pdf, Image/PNG,,text/csv',
      }),
    ).toMatchObject({
      S3_ENDPOINT: 'http://minio:9000',
      S3_BUCKET: 'files.acme',
      UPLOAD_MAX_BYTES: 1048576,
      UPLOAD_CONTENT_TYPES: ['application/pdf', 'image/png', 'text/csv'],
    });
  });

  it('refuses bad values, naming the variable', () => {
    expect(problems({ S3_ENDPOINT: 'minio:9000' })).toEqual([
      expect.stringMatching(/^S3_ENDPOINT: must be a URL/),
    ]);
    expect(problems({ S3_ENDPOINT: 'http://minio:9000' })).toEqual([
      expect.stringMatching(/^S3_ACCESS_KEY: must be set/),
      expect.stringMatching(/^S3_SECRET_KEY: must be set/),
    ]);
    expect(problems({ S3_PUBLIC_ENDPOINT: 'http://localhost:9000' })).toEqual([
      expect.stringMatching(/^S3_PUBLIC_ENDPOINT: needs S3_ENDPOINT/),
    ]);
    expect(problems({ S3_BUCKET: 'My_Bucket' })).toEqual([expect.stringMatching(/^S3_BUCKET: /)]);
    expect(problems({ UPLOAD_MAX_BYTES: '0' })).toEqual([expect.stringMatching(/^UPLOAD_MAX_BYTES: /)]);
    expect(problems({ UPLOAD_MAX_BYTES: 'lots' })).toEqual([expect.stringMatching(/^UPLOAD_MAX_BYTES: /)]);
    expect(problems({ UPLOAD_MAX_BYTES: String(2 ** 31) })).toEqual([
      expect.stringMatching(/^UPLOAD_MAX_BYTES: /),
    ]);
    expect(problems({ UPLOAD_CONTENT_TYPES: 'pdf' })).toEqual([
      expect.stringMatching(/^UPLOAD_CONTENT_TYPES: /),
    ]);
  });
});
