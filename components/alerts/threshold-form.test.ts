import { describe, expect, it } from 'vitest';
import type { Thresholds } from '@/lib/alerts/alert-thresholds';
import type { ThresholdsAnswer } from './alerts-api';
import { changesOf, fieldOfError, fieldsFor, inheritedFor, scopeLabel } from './threshold-form';

const defaults: Thresholds = { offlineAfterMinutes: 5, revenueBelowPerHour: 0, revenueBelowPctOfLastWeek: 0, revenueJudgedFromMinute: 20, tillGapMinutes: 15, dlqPerMinute: 10, consumerLagAbove: 10_000 };
const answer: ThresholdsAnswer = {
  defaults,
  chain: { ...defaults, offlineAfterMinutes: 7 },
  settings: [
    { scope: 'chain', values: { offlineAfterMinutes: 7 }, updatedBy: 'admin', updatedAt: null },
    { scope: 'region:North', values: { tillGapMinutes: 3 }, updatedBy: 'admin', updatedAt: null },
  ],
  stores: [{ storeId: 'S001', name: 'Centro', region: 'North', thresholds: { ...defaults, offlineAfterMinutes: 7, tillGapMinutes: 3 } }],
  may: { scopes: ['chain', 'region:North', 'store:S001'], fields: ['offlineAfterMinutes', 'tillGapMinutes', 'dlqPerMinute'] },
};

describe('the thresholds form', () => {
  it('sends only what changed; an emptied field as null; text that is no number is an error at its field', () => {
    const stored = { offlineAfterMinutes: 7, tillGapMinutes: 3 };
    expect(changesOf(stored, { offlineAfterMinutes: '7', tillGapMinutes: '3' }, ['offlineAfterMinutes', 'tillGapMinutes'])).toEqual({ set: {}, errors: {} });
    expect(changesOf(stored, { offlineAfterMinutes: '10', tillGapMinutes: '' }, ['offlineAfterMinutes', 'tillGapMinutes'])).toEqual({ set: { offlineAfterMinutes: 10, tillGapMinutes: null }, errors: {} });
    expect(changesOf({}, { tillGapMinutes: '0,5', offlineAfterMinutes: '' }, ['offlineAfterMinutes', 'tillGapMinutes'])).toEqual({ set: { tillGapMinutes: 0.5 }, errors: {} });
    expect(changesOf({}, { tillGapMinutes: 'soon' }, ['tillGapMinutes']).errors).toEqual({ tillGapMinutes: 'a number, please' });
  });

  it('a scope inherits from the wider one', () => {
    expect(inheritedFor(answer, 'chain').offlineAfterMinutes).toBe(5);
    expect(inheritedFor(answer, 'region:North').offlineAfterMinutes).toBe(7);
    expect(inheritedFor(answer, 'store:S001')).toMatchObject({ offlineAfterMinutes: 7, tillGapMinutes: 3 });
  });

  it('the pipeline’s fields belong to the chain only, and only the fields the caller may set show', () => {
    expect(fieldsFor('chain', answer.may.fields)).toEqual(['offlineAfterMinutes', 'tillGapMinutes', 'dlqPerMinute']);
    expect(fieldsFor('store:S001', answer.may.fields)).toEqual(['offlineAfterMinutes', 'tillGapMinutes']);
  });

  it('names scopes and the field of a 400', () => {
    expect(scopeLabel('store:S001', answer.stores)).toBe('Store S001 · Centro');
    expect(scopeLabel('region:North')).toBe('Region North');
    expect(fieldOfError('set.offlineAfterMinutes')).toBe('offlineAfterMinutes');
    expect(fieldOfError('scope')).toBeUndefined();
  });
});
