import { Card } from '@/components/dashboard/card';
import { formatClock, formatCount } from '@/components/format/format';
import type { DlqReasonCount, DlqSample, OpsAnswer } from '@/lib/ops/ops-types';

/** Dead letters by the worker that rejected them and the reason, each with its last samples (redacted) behind a disclosure. */
export function DlqPanel({ dlq }: { dlq: OpsAnswer['dlq'] }) {
  return (
    <Card title="Dead letters" window={`${formatCount(dlq.lastHour)} in the last hour · ${formatCount(dlq.total)} kept (14 days)`} testId="ops-dlq" className="span-3">
      {dlq.reasons.length === 0 ? (
        <p className="muted">No dead letters: every event passed.</p>
      ) : (
        <ul className="ops-reasons">
          {dlq.reasons.map((r) => (
            <ReasonItem key={`${r.worker}|${r.reason}`} r={r} />
          ))}
        </ul>
      )}
    </Card>
  );
}

function ReasonItem({ r }: { r: DlqReasonCount }) {
  return (
    <li data-testid="ops-dlq-reason" data-reason={r.reason}>
      <details>
        <summary>
          <span className="ops-count" title="in the last hour / kept">
            {formatCount(r.lastHour)} <span className="muted small">/ {formatCount(r.total)}</span>
          </span>
          <span className="pill ops-chip">{r.worker}</span>
          <code className="ops-reason">{r.reason}</code>
          {r.lastAt && <span className="muted small">last {formatClock(r.lastAt)}</span>}
        </summary>
        <Samples samples={r.samples} />
      </details>
    </li>
  );
}

function Samples({ samples }: { samples: DlqSample[] }) {
  if (samples.length === 0) return <p className="muted small">No sample kept.</p>;
  return (
    <div className="table-wrap">
      <table className="data-table ops-table" data-testid="ops-dlq-samples">
        <caption className="ops-sr-only">The last rejected events of this reason, redacted</caption>
        <thead>
          <tr>
            <th scope="col">At</th>
            <th scope="col">Type</th>
            <th scope="col">Source</th>
            <th scope="col" className="num">Seq</th>
            <th scope="col">Occurred</th>
            <th scope="col">Field</th>
            <th scope="col">Value</th>
            <th scope="col">Reason</th>
            <th scope="col">From</th>
          </tr>
        </thead>
        <tbody>
          {samples.map((s, i) => (
            <tr key={`${s.origin.topic}/${s.origin.partition}/${s.origin.offset}/${i}`}>
              <td>{formatClock(s.at)}</td>
              <td>{s.unparseable ? <span className="muted">not JSON ({formatCount(s.bytes)} bytes)</span> : (s.type ?? '–')}</td>
              <td>{s.source ?? '–'}</td>
              <td className="num">{s.seq ?? '–'}</td>
              <td>{s.occurredAt ? formatClock(s.occurredAt) : '–'}</td>
              <td>{s.field ?? '–'}</td>
              <td>
                <code>{s.value ?? '–'}</code>
              </td>
              <td className="wrap">{s.reason}</td>
              <td className="muted small">
                {s.origin.topic ?? '?'} [{s.origin.partition ?? '?'}] @{s.origin.offset ?? '?'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
