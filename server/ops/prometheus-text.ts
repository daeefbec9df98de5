/**
 * The Prometheus text exposition format (version 0.0.4): a `# HELP` and a `# TYPE` line per
 * metric family, then one line per sample, label values escaped (backslash, double quote,
 * newline), help text escaped (backslash, newline).
 */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface MetricSample {
  labels?: Record<string, string | number>;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  samples: MetricSample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const escapeLabelValue = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
export const escapeHelp = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function labelsText(labels: MetricSample['labels']): string {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return '';
  for (const [k] of entries) if (!LABEL.test(k) || k.startsWith('__')) throw new Error(`invalid Prometheus label name: ${k}`);
  return `{${entries.map(([k, v]) => `${k}="${escapeLabelValue(String(v))}"`).join(',')}}`;
}

/** The families as one exposition; a family without samples is left out. */
export function renderPrometheus(families: MetricFamily[]): string {
  const lines: string[] = [];
  for (const f of families) {
    if (!NAME.test(f.name)) throw new Error(`invalid Prometheus metric name: ${f.name}`);
    if (f.samples.length === 0) continue;
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) lines.push(`${f.name}${labelsText(s.labels)} ${formatValue(s.value)}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
