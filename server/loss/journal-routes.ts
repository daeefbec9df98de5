import type { Logger } from '../../lib/log';
import { authAnswers } from '../auth/answers';
import type { Principal } from '../auth/principal';
import { parseQuery } from '../kpis/kpi-query';
import { csvFilename, receiptsCsv } from './cashier-receipts-csv';
import { cashierIdSchema } from './exceptions-query';
import { cashierReceiptsQuerySchema, journalQuerySchema, receiptIdSchema } from './journal-input';
import type { JournalService } from './journal-service';
import { createLossGuard } from './loss-guard';

/** GET /api/v1/loss/receipts/{receiptId} and /api/v1/loss/cashiers/{cashierId}/receipts (journal-openapi.ts describes every answer). */
export interface JournalRoutes {
  receiptJournal: (request: Request, receiptId: string) => Promise<Response>;
  cashierReceipts: (request: Request, cashierId: string) => Promise<Response>;
}

/** A path segment Next may hand over still percent-encoded (ids may hold `/`, `:`, `@`). */
export function segmentOf(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** CSV when asked by `format=csv`, or by an Accept header that prefers text/csv and names no JSON. */
export function wantsCsv(request: Request, format: 'json' | 'csv' | undefined): boolean {
  if (format) return format === 'csv';
  const accept = request.headers.get('accept') ?? '';
  return /\btext\/csv\b/i.test(accept) && !/\bapplication\/json\b/i.test(accept);
}

/**
 * As the exception routes (loss-routes.ts): signed in (401), then the role (403 for a store
 * manager or a merchandiser before the parameters are judged), then the parameters (400 naming
 * the first wrong one), 404 for an unknown receipt or store, 503 when ClickHouse does not answer.
 */
export function createJournalRoutes(d: { service: JournalService; requirePrincipal: (request: Request) => Promise<Principal | Response>; log: Logger }): JournalRoutes {
  const guard = createLossGuard({
    requirePrincipal: d.requirePrincipal,
    log: d.log,
    area: 'loss',
    refusal: 'loss prevention: only fraud analysts and admins see receipt journals and cashiers’ receipts',
  });
  const guarded = (request: Request, what: string, work: (url: URL) => Promise<Response>) => guard(request, what, (_p, url) => work(url));

  return {
    receiptJournal: (request, raw) =>
      guarded(request, 'receipt journal', async (url) => {
        const id = receiptIdSchema.safeParse(segmentOf(raw));
        if (!id.success) return authAnswers.badRequest('receiptId', id.error.issues[0]!.message);
        const q = parseQuery(journalQuerySchema, url);
        if (!q.ok) return authAnswers.badRequest(q.field, q.message);
        const answer = await d.service.journal(id.data, q.value.storeId);
        if (!answer) return authAnswers.notFound(`receiptId: no event of receipt ${id.data}${q.value.storeId ? ` at store ${q.value.storeId}` : ''} in history`);
        return authAnswers.json(200, answer);
      }),
    cashierReceipts: (request, raw) =>
      guarded(request, 'cashier receipts', async (url) => {
        const id = cashierIdSchema.safeParse(segmentOf(raw));
        if (!id.success) return authAnswers.badRequest('cashierId', id.error.issues[0]!.message);
        const q = parseQuery(cashierReceiptsQuerySchema, url);
        if (!q.ok) return authAnswers.badRequest(q.field, q.message);
        const csv = wantsCsv(request, q.value.format);
        const answer = await d.service.receipts(id.data, { ...q.value, format: csv ? 'csv' : 'json' });
        if (!csv) return authAnswers.json(200, answer);
        const headers: Record<string, string> = {
          'content-type': 'text/csv; charset=utf-8; header=present',
          'content-disposition': `attachment; filename="${csvFilename(answer)}"`,
          'cache-control': 'no-store',
        };
        if (answer.nextCursor) headers['x-next-cursor'] = answer.nextCursor;
        return new Response(receiptsCsv(answer), { status: 200, headers });
      }),
  };
}
