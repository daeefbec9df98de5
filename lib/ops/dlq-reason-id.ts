import { createHash } from 'node:crypto';

/** The key of a reason's samples list (lib/redis-keys.ts dlqSamples): a short hash of its `<worker>|<reason class>` field (free text). */
export const reasonId = (field: string) => createHash('sha1').update(field).digest('hex').slice(0, 16);
