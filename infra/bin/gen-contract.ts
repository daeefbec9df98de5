/**
 * `npm run gen:contract`: writes what is generated from the event schemas in lib/contract:
 * docs/events.md and public/schemas/events.schema.json. A unit test fails when either is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CONTRACT_ARTIFACTS } from '../../lib/contract/artifacts';

const root = path.resolve(import.meta.dirname, '../..');
for (const a of CONTRACT_ARTIFACTS) {
  const file = path.join(root, a.path);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, a.render());
  process.stdout.write(`wrote ${a.path}\n`);
}
