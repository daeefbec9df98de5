import { Card } from '@/components/dashboard/card';
import { formatCount } from '@/components/format/format';
import type { PartitionLag } from '@/lib/ops/ops-types';

const SCROLL_LABEL = 'Consumer lag per partition (scrolls)';

/** Consumer lag per group, topic and partition, from Kafka: end offset − committed offset. */
export function LagPanel({ rows, error }: { rows: PartitionLag[]; error: string | null }) {
  const total = rows.reduce((n, r) => n + r.lag, 0);
  return (
    <Card title="Consumer lag" window={`per partition · ${formatCount(total)} messages behind`} testId="ops-lag" className="span-2">
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {rows.length === 0 && !error ? (
        <p className="muted">No consumer group has committed an offset yet.</p>
      ) : (
        <div className="table-wrap ops-scroll" tabIndex={0} role="region" aria-label={SCROLL_LABEL}>
          <table className="data-table ops-table">
            <caption className="ops-sr-only">Consumer lag per group, topic and partition</caption>
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Topic</th>
                <th scope="col" className="num">Partition</th>
                <th scope="col" className="num">Committed</th>
                <th scope="col" className="num">End</th>
                <th scope="col" className="num">Lag</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.group}/${r.topic}/${r.partition}`}>
                  <td>{r.group.replace(/^tillstream-/, '')}</td>
                  <td>{r.topic}</td>
                  <td className="num">{r.partition}</td>
                  <td className="num">{r.committed === null ? <span className="muted">none</span> : formatCount(Number(r.committed))}</td>
                  <td className="num">{formatCount(Number(r.end))}</td>
                  <td className={`num ${r.lag > 1000 ? 'down' : ''}`}>{formatCount(r.lag)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
