import { jsonSchemaOf, queryParameters, ref, type ApiPathGroup, errorResponse as err } from '../openapi/document';
import { cashierIdSchema } from './exceptions-query';
import { cashierReceiptsAnswerSchema, receiptJournalAnswerSchema } from './journal-answers';
import { cashierReceiptsQuerySchema, journalQuerySchema, receiptIdSchema } from './journal-input';

const common = {
  '401': err('Not signed in'),
  '403': err('Not a fraud analyst or an admin (store managers and merchandisers never see loss-prevention data)'),
  '503': err('ClickHouse did not answer; retry after Retry-After'),
};

/** GET /api/v1/loss/receipts/{receiptId}, GET /api/v1/loss/cashiers/{cashierId}/receipts. */
export const journalApi: ApiPathGroup = {
  tag: {
    name: 'loss-drilldown',
    description:
      'Loss prevention drill-downs (fraud analysts and admins only), reconstructed from ClickHouse `events`: the full event journal of one receipt ' +
      '(its events in order, the refunds naming it, the supervisor approvals at its till, and a summary), and one cashier’s receipts with the ' +
      'exceptions each carries, as JSON or CSV.',
  },
  paths: {
    '/api/v1/loss/receipts/{receiptId}': {
      get: {
        operationId: 'getReceiptJournal',
        summary: 'The full event journal of one receipt, in order, with its summary',
        security: [{ cookieAuth: [] }],
        parameters: [
          { name: 'receiptId', in: 'path', required: true, description: 'the receipt (the events’ receiptId)', schema: jsonSchemaOf(receiptIdSchema, 'input') },
          ...queryParameters(journalQuerySchema),
        ],
        responses: {
          '200': { description: 'The journal and its summary', content: { 'application/json': { schema: ref('ReceiptJournal') } } },
          '400': err('The receipt id or a parameter is wrong, or the id is used at two stores and no storeId was given (`field` names it)'),
          ...common,
          '404': err('No event of this receipt in history'),
        },
      },
    },
    '/api/v1/loss/cashiers/{cashierId}/receipts': {
      get: {
        operationId: 'getCashierReceipts',
        summary: 'One cashier’s receipts over store-local days (default today), newest first, with their exceptions; JSON or CSV',
        security: [{ cookieAuth: [] }],
        parameters: [
          { name: 'cashierId', in: 'path', required: true, description: 'the cashier (the events’ cashierId)', schema: jsonSchemaOf(cashierIdSchema, 'input') },
          ...queryParameters(cashierReceiptsQuerySchema),
        ],
        responses: {
          '200': {
            description:
              'The receipts (a page; nextCursor leads on). As CSV (format=csv or Accept: text/csv): RFC 4180, a header row, money as a decimal with a currency column, ' +
              'one column per exception kind, Content-Disposition with a file name; X-Next-Cursor when more rows follow',
            content: {
              'application/json': { schema: ref('CashierReceipts') },
              'text/csv': { schema: { type: 'string' } },
            },
          },
          '400': err('The cashier id or a parameter is wrong, from without to, to before from, over 93 days, or a cursor of another list (`field` names it)'),
          ...common,
          '404': err('No such store'),
        },
      },
    },
  },
  schemas: { ReceiptJournal: jsonSchemaOf(receiptJournalAnswerSchema), CashierReceipts: jsonSchemaOf(cashierReceiptsAnswerSchema) },
};
