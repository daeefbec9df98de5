import { describe, expect, it } from 'vitest';
import { ALL_TOPICS, MIRRORED_POS_EVENTS, TOPICS } from './topics';

describe('topics', () => {
  it('keeps pos.events 3 days and compacts the HQ topics', () => {
    expect(TOPICS.posEvents.config['retention.ms']).toBe(String(3 * 24 * 3600 * 1000));
    expect(TOPICS.hqPromotions.config['cleanup.policy']).toBe('compact');
    expect(TOPICS.hqMasterdata.config['cleanup.policy']).toBe('compact');
  });

  it('has unique names', () => {
    expect(new Set(ALL_TOPICS.map((t) => t.name)).size).toBe(ALL_TOPICS.length);
  });

  it("recognises MirrorMaker 2's replicated store topics", () => {
    expect(MIRRORED_POS_EVENTS.test('S001.pos.events')).toBe(true);
    expect(MIRRORED_POS_EVENTS.test('pos.events')).toBe(false);
    expect(MIRRORED_POS_EVENTS.test('S001.ecom.events')).toBe(false);
  });
});
