import { RESERVATION_FIELD as F, RESERVATION_STATE as S } from '../../lib/inventory/reservation-fields';
import { redisScript } from '../ingest/redis-script';

/**
 * The two Lua scripts behind reservations. Each runs atomically in Redis, so the check of
 * available-to-promise and the hold it allows are one step for every web instance: no
 * interleaving can sell the same unit twice. Keys are passed in (never built in Lua),
 * but they span several hashes, so this needs a single Redis, like checked-apply.
 *
 * Both take the same five keys, all of one SKU's location except the first and last:
 *   1 the reservation hash, 2 on hand, 3 reserved, 4 safety stock (hashes, field = sku),
 *   5 the expiry sorted set.
 * Available-to-promise = on hand − reserved − safety stock, a missing field counting 0.
 */
const AVAILABLE = `
local function units(key, sku) return tonumber(redis.call('HGET', key, sku)) or 0 end
local function available(sku) return units(KEYS[2], sku) - units(KEYS[3], sku) - units(KEYS[4], sku) end
`;

/**
 * ARGV: orderId, sku, locationId, qty, now (ms), expiresAt (ms).
 * Returns {'existing', available, hash} when the order id already has a reservation
 * (whatever its state: the caller compares the line), {'insufficient', available}, or
 * {'created', available after}.
 */
const RESERVE = `${AVAILABLE}
local sku = ARGV[2]
local existing = redis.call('HGETALL', KEYS[1])
if #existing > 0 then return {'existing', available(sku), existing} end
local before = available(sku)
if tonumber(ARGV[4]) > before then return {'insufficient', before} end
redis.call('HINCRBY', KEYS[3], sku, ARGV[4])
redis.call('HSET', KEYS[1], '${F.sku}', sku, '${F.locationId}', ARGV[3], '${F.qty}', ARGV[4], '${F.state}', '${S.active}',
  '${F.createdAt}', ARGV[5], '${F.expiresAt}', ARGV[6], '${F.updatedAt}', ARGV[5])
redis.call('ZADD', KEYS[5], ARGV[6], ARGV[1])
return {'created', before - tonumber(ARGV[4])}
`;

/**
 * Ends an active reservation: its units go back to available, its state becomes the
 * given one, it leaves the expiry set and the hash gets a TTL.
 * ARGV: orderId, the location the caller read, the new state, now (ms), due by (ms; ''
 * = end it whatever its expiry, else only if expiresAt ≤ due by), TTL of the ended hash (ms).
 * Returns {'missing'} (no hash; a stray expiry entry is removed), {'moved'} (the hash is
 * at another location than the caller read: read again), or {'ended' | 'unchanged',
 * available, hash}.
 */
const END = `${AVAILABLE}
local r = KEYS[1]
local h = redis.call('HMGET', r, '${F.locationId}', '${F.sku}', '${F.state}', '${F.qty}', '${F.expiresAt}')
if not h[1] then redis.call('ZREM', KEYS[5], ARGV[1]); return {'missing'} end
if h[1] ~= ARGV[2] then return {'moved'} end
local outcome = 'unchanged'
if h[3] == '${S.active}' and (ARGV[5] == '' or tonumber(h[5]) <= tonumber(ARGV[5])) then
  redis.call('HINCRBY', KEYS[3], h[2], -tonumber(h[4]))
  redis.call('HSET', r, '${F.state}', ARGV[3], '${F.updatedAt}', ARGV[4])
  redis.call('ZREM', KEYS[5], ARGV[1])
  redis.call('PEXPIRE', r, ARGV[6])
  outcome = 'ended'
end
return {outcome, available(h[2]), redis.call('HGETALL', r)}
`;

export const reserveScript = redisScript(RESERVE);
export const endScript = redisScript(END);
