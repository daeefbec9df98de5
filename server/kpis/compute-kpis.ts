/** The KPI arithmetic lives in lib/ (the browser applies live deltas with it too). */
export * from '../../lib/kpis/compute-kpis';
