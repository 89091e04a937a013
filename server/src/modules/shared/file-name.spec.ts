import { stripBidiControls } from './file-name';

describe('stripBidiControls', () => {
  const controls = [
    ...Array.from({ length: 5 }, (_, i) => 0x202a + i),
    ...Array.from({ length: 4 }, (_, i) => 0x2066 + i),
    0x200e,
    0x200f,
    0x061c,
  ].map((code) => String.fromCharCode(code));

  it('takes out the right-to-left override that makes an .exe pose as a PDF', () => {
    expect(stripBidiControls('invoice\u202efdp.exe')).toBe('invoicefdp.exe');
  });

  it.each(controls.map((c) => [c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0'), c]))(
    'takes out U+%s wherever it stands',
    (_, control) => {
      expect(stripBidiControls(`${control}a${control}b.pdf${control}`)).toBe('ab.pdf');
    },
  );

  it('keeps every other character: accents, right-to-left scripts, joiners, spaces', () => {
    for (const name of ['Café "final".pdf', 'تقرير.pdf', 'דו״ח.pdf', 'a\u200db.png', ' a b ', '👩‍💻.txt'])
      expect(stripBidiControls(name)).toBe(name);
  });

  it('is the same when applied twice (the pattern is global, not stateful)', () => {
    const name = '\u202ex\u2067y\u200f';
    expect(stripBidiControls(name)).toBe('xy');
    expect(stripBidiControls(name)).toBe('xy');
    expect(stripBidiControls(stripBidiControls(name))).toBe('xy');
  });
});
