import { buildEventsJsonSchema } from './json-schema';
import { renderEventsMarkdown } from './render-docs';

/** Files generated from the contract, relative to the project root. */
export const CONTRACT_ARTIFACTS = [
  { path: 'docs/events.md', render: renderEventsMarkdown },
  { path: 'public/schemas/events.schema.json', render: () => `${JSON.stringify(buildEventsJsonSchema(), null, 2)}\n` },
] as const;
