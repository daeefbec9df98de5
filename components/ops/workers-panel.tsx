import { Card } from '@/components/dashboard/card';
import { formatClock, formatCount } from '@/components/format/format';
import type { WorkerOps } from '@/lib/ops/ops-types';
import { formatMs, formatRate } from './ops-format';

/** Each worker (its processes summed): events per second in and out, lag, batch times, retries, dead letters. */
export function WorkersPanel({ workers }: { workers: WorkerOps[] }) {
  return (
    <Card title="Workers" window="rates over the last 30 s" testId="ops-workers" className="span-3">
      {workers.length === 0 ? (
        <p className="muted">No worker has published counters in the last 30 s: is any worker role running?</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table ops-table">
            <caption className="ops-sr-only">Workers, their throughput, lag and batch times</caption>
            <thead>
              <tr>
                <th scope="col">Worker</th>
                <th scope="col" className="num">Processes</th>
                <th scope="col" className="num">In / s</th>
                <th scope="col" className="num">Out / s</th>
                <th scope="col" className="num">Lag (msgs)</th>
                <th scope="col" className="num">Last batch</th>
                <th scope="col" className="num">Avg batch</th>
                <th scope="col" className="num">Retries</th>
                <th scope="col" className="num">DLQ</th>
                <th scope="col" className="num">Duplicates</th>
                <th scope="col" className="num">Consumed</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {workers.map((w) => (
                <tr key={w.worker} data-testid={`ops-worker-${w.worker}`}>
                  <th scope="row">{w.worker}</th>
                  <td className="num">{w.instances}</td>
                  <td className="num">{formatRate(w.inPerSecond)}</td>
                  <td className="num">{formatRate(w.outPerSecond)}</td>
                  <td className={`num ${w.lag > 1000 ? 'down' : ''}`}>{formatCount(w.lag)}</td>
                  <td className="num">{formatMs(w.lastBatchMs)}</td>
                  <td className="num">{formatMs(w.avgBatchMs)}</td>
                  <td className={`num ${w.retries > 0 ? 'down' : ''}`}>{formatCount(w.retries)}</td>
                  <td className={`num ${w.dlq > 0 ? 'down' : ''}`}>{formatCount(w.dlq)}</td>
                  <td className="num">{formatCount(w.duplicate)}</td>
                  <td className="num">{formatCount(w.consumed)}</td>
                  <td className="muted">{w.updatedAt ? formatClock(w.updatedAt) : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
