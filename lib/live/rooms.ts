/**
 * The Socket.IO rooms of the live push, named here for the web tier (which checks who may
 * join them, server/auth/access.ts) and the workers (which publish deltas to them).
 *
 * Rooms live in the `/live` namespace, which only signed-in sockets may connect to. The
 * default namespace stays public: it carries the health report, as /api/health does.
 */
export const LIVE_NAMESPACE = '/live';

/** Every store: HQ roles only. */
export const CHAIN_ROOM = 'chain';

export const roomForStore = (storeId: string) => `store:${storeId}`;
export const roomForRegion = (region: string) => `region:${region}`;
/** A store's loss-prevention alerts (rule hits): fraud analysts and admins only, never its store manager (server/auth/access.ts). */
export const roomForLossStore = (storeId: string) => `loss:store:${storeId}`;

/**
 * The alerts center's room (issue 10): every change of an alert (lib/alerts/alert-model.ts) that
 * the socket's user may see, one at a time (ALERT_CHANGED_EVENT). Any signed-in user may join:
 * the web tier sends each socket only the alerts its role and stores allow (server/web/live-relay.ts).
 */
export const ALERTS_ROOM = 'alerts';

export type ParsedRoom =
  | { kind: 'chain' }
  | { kind: 'alerts' }
  | { kind: 'region'; region: string }
  | { kind: 'store'; storeId: string }
  | { kind: 'loss-store'; storeId: string };

/** A store id as the event contract spells it (lib/contract/fields.ts `id(32)`). */
const STORE_ID = /^[A-Za-z0-9._:@/-]{1,32}$/;
/** A region as store master data names it (`text(64)`): 1-64 characters, no control characters. */
// eslint-disable-next-line no-control-regex
const REGION = /^[^\u0000-\u001f\u007f]{1,64}$/;

/** What a room name stands for, or null when it is not one of the rooms above. */
export function parseRoom(room: unknown): ParsedRoom | null {
  if (typeof room !== 'string') return null;
  if (room === CHAIN_ROOM) return { kind: 'chain' };
  if (room === ALERTS_ROOM) return { kind: 'alerts' };
  if (room.startsWith('store:')) {
    const storeId = room.slice('store:'.length);
    return STORE_ID.test(storeId) ? { kind: 'store', storeId } : null;
  }
  if (room.startsWith('loss:store:')) {
    const storeId = room.slice('loss:store:'.length);
    return STORE_ID.test(storeId) ? { kind: 'loss-store', storeId } : null;
  }
  if (room.startsWith('region:')) {
    const region = room.slice('region:'.length);
    return REGION.test(region) ? { kind: 'region', region } : null;
  }
  return null;
}

/** Client → server on `/live`: `socket.emit(JOIN_EVENT, room, ack)`; ack gets `{ ok: true }` or `{ ok: false, error }`. */
export const JOIN_EVENT = 'join';
export const LEAVE_EVENT = 'leave';
/** Server → client on `/live`, to a `loss:store:<id>` room: one rule hit (lib/loss/rules/loss-alert.ts LossAlert). */
export const LOSS_ALERT_EVENT = 'loss:alert';
/** Server → client on `/live`, in the `alerts` room: one alert as it now stands (lib/alerts/alert-model.ts Alert), only if the user may see it. */
export const ALERT_CHANGED_EVENT = 'alert:changed';
/** Server → client on `/live`: the user's role or stores changed; rooms no longer allowed were left. */
export const SESSION_CHANGED_EVENT = 'session:changed';

export type JoinAck = { ok: true } | { ok: false; error: 'forbidden' | 'too_many_rooms' };
