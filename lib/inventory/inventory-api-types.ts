/**
 * The bodies of the inventory read API as a browser or a test sees them (JSON: instants
 * are ISO strings). Types only, browser-safe. The server's zod schemas
 * (server/inventory/inventory-answers.ts) are checked against these at compile time.
 */
export type ThresholdSource = 'api' | 'masterdata' | 'velocity';
export type StockSort = 'daysOfCover' | 'sku' | 'available';

export interface StockLevelView {
  onHand: number;
  reserved: number;
  safetyStock: number;
  /** onHand − reserved − safetyStock. */
  available: number;
  incoming: number;
  reorderPoint: number;
  targetLevel: number;
  thresholdSource: ThresholdSource;
  low: boolean;
  unitsPerDay: number;
  daysOfCover: number | null;
}

/** GET /api/v1/inventory/skus?q= */
export interface SkuSearchAnswer {
  q: string;
  items: { sku: string; name: string | null; category: string | null; match: 'sku' | 'name' }[];
  more: boolean;
  generatedAt: string;
}

/** GET /api/v1/inventory/skus/{sku} */
export interface SkuStockAnswer {
  sku: string;
  name: string | null;
  category: string | null;
  locations: (StockLevelView & { locationId: string })[];
  totals: { onHand: number; reserved: number; available: number; incoming: number };
  generatedAt: string;
}

/** GET /api/v1/inventory/locations */
export interface InventoryLocationsAnswer {
  locations: { locationId: string; kind: 'store' | 'warehouse'; name: string | null; hasStock: boolean }[];
  generatedAt: string;
}

/** GET /api/v1/inventory/locations/{locationId} */
export interface LocationStockAnswer {
  locationId: string;
  filters: { category: string | null; lowOnly: boolean; sort: StockSort };
  total: number;
  items: (StockLevelView & { sku: string; name: string | null; category: string | null })[];
  nextCursor: string | null;
  generatedAt: string;
}

export interface ReplenishmentView {
  id: string;
  locationId: string;
  sku: string;
  qty: number;
  targetLevel: number;
  evidence: { onHand: number; reserved: number; available: number; incoming: number; reorderPoint: number };
  alertId: string;
  state: 'open' | 'received' | 'expired';
  createdAt: string;
  receivedAt?: string;
  expiredAt?: string;
}

/** GET /api/v1/inventory/replenishments */
export interface ReplenishmentsAnswer {
  replenishments: ReplenishmentView[];
  nextCursor: string | null;
  generatedAt: string;
}

/** PUT and DELETE /api/v1/inventory/thresholds/{locationId}/{sku} */
export interface ThresholdAnswer {
  locationId: string;
  sku: string;
  threshold: { reorderPoint: number; targetLevel?: number; source: ThresholdSource; setAt: string; setBy?: string } | null;
  inForce: { reorderPoint: number; targetLevel: number; thresholdSource: ThresholdSource };
  removed?: boolean;
}

/** Every error of these routes (400 names the `field`). */
export interface ApiErrorBody {
  error: string;
  message: string;
  field?: string;
  retryAfterSeconds?: number;
}
