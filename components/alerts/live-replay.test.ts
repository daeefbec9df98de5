import { describe, expect, it } from 'vitest';
import { mergeLiveAlerts } from './alert-list';
import { anAlert } from './alert-test-data';
import { createLiveReplay } from './live-replay';

describe('live changes replayed onto a snapshot that answers late', () => {
  it('gives what arrived after the mark, oldest first, and forgets what is older than 30 s', () => {
    let t = 0;
    const r = createLiveReplay<string>(() => t);
    r.push('a');
    const mark = r.mark();
    r.push('b');
    t = 10_000;
    r.push('c');
    expect(r.since(mark)).toEqual(['b', 'c']);
    t = 45_000;
    r.push('d');
    expect(r.since(0)).toEqual(['d']);
  });

  it('a list read before an alert opened still shows it, and one resolved since as resolved', () => {
    const r = createLiveReplay<ReturnType<typeof anAlert>>();
    const mark = r.mark();
    r.push(anAlert({ id: 'new' }));
    r.push(anAlert({ id: 'old', version: 2, state: 'resolved' }));
    const merged = mergeLiveAlerts([anAlert({ id: 'old' })], r.since(mark), { states: ['open', 'acknowledged', 'resolved'] }).alerts;
    expect(merged.map((a) => `${a.id}:${a.state}`).sort()).toEqual(['new:open', 'old:resolved']);
  });
});
