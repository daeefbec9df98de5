import { describe, expect, it } from 'vitest';
import { redactUrl } from './log';

describe('redactUrl', () => {
  it('hides the password of a service URL and keeps the rest', () => {
    expect(redactUrl('redis://app:s3cret@cache:6379/0')).toBe('redis://app:***@cache:6379/0');
    expect(redactUrl('http://ch:8123')).toBe('http://ch:8123/');
    expect(redactUrl('not a url')).toBe('[unparseable url]');
  });
});
