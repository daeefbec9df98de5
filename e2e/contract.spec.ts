import { expect, test } from '@playwright/test';
import { EVENT_DEFINITIONS } from '../lib/contract/catalog';

test('the JSON Schema for outside producers is served with one branch per event type', async ({ request }) => {
  const res = await request.get('/schemas/events.schema.json');
  expect(res.status()).toBe(200);
  const schema = (await res.json()) as { oneOf: { title: string }[] };
  expect(schema.oneOf.map((b) => b.title).sort()).toEqual(EVENT_DEFINITIONS.map((d) => d.type).sort());
});
