import { describe, expect, it } from '@jest/globals';
import { linkify } from './linkify';

describe('linkify', () => {
  it('plain text stays one text part; empty text is no part', () => {
    expect(linkify('Hello there')).toEqual([{ kind: 'text', text: 'Hello there' }]);
    expect(linkify('')).toEqual([]);
  });

  it('makes http and https addresses links, the text around them kept', () => {
    expect(linkify('See https://acme.test/brief?v=2#top and http://old.test now')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://acme.test/brief?v=2#top', href: 'https://acme.test/brief?v=2#top' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://old.test', href: 'http://old.test/' },
      { kind: 'text', text: ' now' },
    ]);
  });

  it('leaves sentence punctuation and an unopened parenthesis outside the link', () => {
    expect(linkify('Look (https://acme.test/a).')).toEqual([
      { kind: 'text', text: 'Look (' },
      { kind: 'link', text: 'https://acme.test/a', href: 'https://acme.test/a' },
      { kind: 'text', text: ').' },
    ]);
    expect(linkify('Wiki: https://en.test/Foo_(bar), ok')[1]).toEqual({
      kind: 'link',
      text: 'https://en.test/Foo_(bar)',
      href: 'https://en.test/Foo_(bar)',
    });
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript://%0aalert(1)',
    'data:text/html,<script>alert(1)</script>',
    'mailto:ava@acme.test',
    'www.acme.test',
    'ftp://files.acme.test',
    'https://',
    'xhttps://acme.test',
  ])('never makes %s a link', (text) => {
    expect(linkify(text).every((part) => part.kind === 'text')).toBe(true);
    expect(
      linkify(text)
        .map((part) => part.text)
        .join(''),
    ).toBe(text);
  });

  it('keeps every character of the text, in order, across lines', () => {
    const text = 'One https://a.test\ntwo <b>https://b.test/x</b> three';
    const parts = linkify(text);
    expect(parts.map((part) => part.text).join('')).toBe(text);
    expect(parts.filter((part) => part.kind === 'link').map((part) => part.text)).toEqual([
      'https://a.test',
      'https://b.test/x',
    ]);
  });
});
