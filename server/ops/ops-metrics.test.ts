import { describe, expect, it } from 'vitest';
import { expectMetricsEqualAnswer } from '../../test/ops-metrics-check';
import { opsFixture } from './ops-fixture';
import { opsMetrics } from './ops-metrics';
import { escapeLabelValue, renderPrometheus } from './prometheus-text';

describe('Prometheus exposition of the operations answer', () => {
  it('is parsed by a Prometheus text parser, with every number equal to the answer’s (labels with quotes, backslashes, newlines)', () => {
    const a = opsFixture();
    const text = renderPrometheus(opsMetrics(a));
    expectMetricsEqualAnswer(text, a);
    expect(text).toContain('# TYPE tillstream_dlq_messages_total counter');
    expect(text.endsWith('\n')).toBe(true);
    // The store that never sent an event has no freshness sample, not a made-up one.
    expect(text).not.toContain('tillstream_store_freshness_seconds{store="S002"}');
    expect(text).not.toContain('tillstream_source_freshness_seconds{source="HQ');
    expect(text).toContain('tillstream_source_missing_seqs{source="HQ \\"PIM\\"\\\\x"} 0');
  });

  it('escapes label values and help text, and refuses invalid names', () => {
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
    const text = renderPrometheus([{ name: 'x_total', help: 'line\\one\ntwo', type: 'counter', samples: [{ labels: { l: 'v' }, value: 1 }] }]);
    expect(text).toBe('# HELP x_total line\\\\one\\ntwo\n# TYPE x_total counter\nx_total{l="v"} 1\n');
    expect(() => renderPrometheus([{ name: 'bad-name', help: '', type: 'gauge', samples: [{ value: 1 }] }])).toThrow(/metric name/);
    expect(() => renderPrometheus([{ name: 'ok', help: '', type: 'gauge', samples: [{ labels: { 'bad-label': 'v' }, value: 1 }] }])).toThrow(/label name/);
    expect(renderPrometheus([{ name: 'empty', help: '', type: 'gauge', samples: [] }])).toBe('');
  });
});
