import { formatMoney } from '@/components/format/format';
import type { KpiAnswer } from '@/lib/kpis/kpi-answers';

/** Net sales of the tills and of the web shop (at the fulfilling store), side by side. */
export function ChannelSplit({ answer }: { answer: KpiAnswer }) {
  const stores = answer.kpis.channels.stores.netSales;
  const web = answer.kpis.channels.web.netSales;
  const total = Math.max(0, stores) + Math.max(0, web);
  const pct = (x: number) => (total === 0 ? 0 : Math.round((Math.max(0, x) / total) * 1000) / 10);
  return (
    <div className="split" data-testid="channel-split">
      <div className="split-bar" role="img" aria-label={`Stores ${pct(stores)} %, web shop ${pct(web)} %`}>
        <span className="split-stores" style={{ width: `${pct(stores)}%` }} />
        <span className="split-web" style={{ width: `${pct(web)}%` }} />
      </div>
      <dl className="split-legend">
        <div>
          <dt>
            <span className="swatch split-stores" /> Stores (tills)
          </dt>
          <dd data-testid="channel-stores">
            {formatMoney(stores, answer.currency)} · {pct(stores)} %
          </dd>
        </div>
        <div>
          <dt>
            <span className="swatch split-web" /> Web shop
          </dt>
          <dd data-testid="channel-web">
            {formatMoney(web, answer.currency)} · {pct(web)} %
          </dd>
        </div>
      </dl>
    </div>
  );
}
