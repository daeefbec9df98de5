import { describe, expect, it } from 'vitest';
import { safeNext } from './page-session';

describe('safeNext: where to go after signing in', () => {
  it('keeps a path of this site', () => {
    expect(safeNext('/stores/S001?x=1')).toBe('/stores/S001?x=1');
    expect(safeNext(['/overview', '/admin/users'])).toBe('/overview');
    expect(safeNext(undefined)).toBe('/');
  });

  it('never leads to another origin, however the address is spelled', () => {
    // Browsers drop tabs and newlines from a URL and read a backslash as a slash: each of these is //evil.example.
    for (const next of ['https://evil.example', '//evil.example', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', '/\r\n/evil.example', '\t//evil.example', '/\t\\evil.example', 'javascript:alert(1)', '']) {
      expect(safeNext(next), JSON.stringify(next)).toBe('/');
      expect(new URL(safeNext(next), 'https://tillstream.example').origin).toBe('https://tillstream.example');
    }
  });
});
