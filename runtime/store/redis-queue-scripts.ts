// The Lua scripts behind the Redis queue log (shared by every runtime on a prefix): each write touches a queue's keys atomically, in one round trip.

/**
 * KEYS: messages (hash), due (zset by notBefore), arrival (zset by sequence), sequence (counter).
 * ARGV: id, entry JSON, notBefore.
 * A re-sent add (ioredis re-sends unanswered commands after a reconnect) only moves the message to the back of the arrival order.
 */
export const ADD_SCRIPT = `
local sequence = redis.call('INCR', KEYS[4])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('ZADD', KEYS[3], sequence, ARGV[1])
return sequence
`;

/**
 * KEYS: messages, due, inflight, owners. ARGV: id, entry JSON, notBefore, owner.
 * Does nothing for an acknowledged message (returns 0): writing it again would resurrect it, and nedb's update does not upsert either.
 * Does nothing when another runtime holds the message (its lease expired and it was reclaimed): putting it back in due
 * would let a third runtime claim it while the new holder still delivers it.
 * Otherwise the retry is scheduled and the claim released, so whichever runtime is free when it is due takes it.
 */
export const UPDATE_SCRIPT = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
local holder = redis.call('HGET', KEYS[4], ARGV[1])
if holder and holder ~= ARGV[4] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
return 1
`;

/** KEYS: messages, due, arrival, inflight, owners. ARGV: id. Idempotent: removing twice is harmless. */
export const REMOVE_SCRIPT = `
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('HDEL', KEYS[5], ARGV[1])
return redis.call('HDEL', KEYS[1], ARGV[1])
`;

/**
 * KEYS: messages, due, inflight (zset id -> lease deadline), owners (hash id -> runtime).
 * ARGV: now (epoch ms), lease ms, limit, owner.
 * First returns every expired lease (its holder stopped heart-beating: crashed or cut off) to due, then moves up to
 * `limit` due messages into inflight under this owner. Atomic, so two runtimes never hold one message.
 * Returns { entry JSONs claimed, number of leases reclaimed }.
 */
export const CLAIM_SCRIPT = `
local now = tonumber(ARGV[1])
local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)
for _, id in ipairs(expired) do
  redis.call('ZREM', KEYS[3], id)
  redis.call('HDEL', KEYS[4], id)
  if redis.call('HEXISTS', KEYS[1], id) == 1 then redis.call('ZADD', KEYS[2], now, id) end
end
local claimed = {}
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(due) do
  redis.call('ZREM', KEYS[2], id)
  local json = redis.call('HGET', KEYS[1], id)
  if json then
    redis.call('ZADD', KEYS[3], now + tonumber(ARGV[2]), id)
    redis.call('HSET', KEYS[4], id, ARGV[4])
    table.insert(claimed, json)
  end
end
return { claimed, #expired }
`;

/** KEYS: inflight, owners. ARGV: new deadline, owner, ids... Extends only the leases this owner still holds; returns how many. */
export const HEARTBEAT_SCRIPT = `
local extended = 0
for index = 3, #ARGV do
  if redis.call('HGET', KEYS[2], ARGV[index]) == ARGV[2] then
    redis.call('ZADD', KEYS[1], 'XX', ARGV[1], ARGV[index])
    extended = extended + 1
  end
end
return extended
`;

/** The commands ioredis adds to the client for the scripts above (it sends EVALSHA and falls back to EVAL once). */
export interface QueueScriptCommands {
  tradelaneQueueAdd(messages: string, due: string, arrival: string, sequence: string, id: string, entryJson: string, notBefore: number): Promise<number>;
  tradelaneQueueUpdate(messages: string, due: string, inflight: string, owners: string, id: string, entryJson: string, notBefore: number, owner: string): Promise<number>;
  tradelaneQueueRemove(messages: string, due: string, arrival: string, inflight: string, owners: string, id: string): Promise<number>;
  tradelaneQueueClaim(messages: string, due: string, inflight: string, owners: string, now: number, leaseMs: number, limit: number, owner: string): Promise<[string[], number]>;
  tradelaneQueueHeartbeat(inflight: string, owners: string, deadline: number, owner: string, ...ids: string[]): Promise<number>;
}

export const QUEUE_SCRIPTS: Record<keyof QueueScriptCommands, { numberOfKeys: number; lua: string }> = {
  tradelaneQueueAdd: { numberOfKeys: 4, lua: ADD_SCRIPT },
  tradelaneQueueUpdate: { numberOfKeys: 4, lua: UPDATE_SCRIPT },
  tradelaneQueueRemove: { numberOfKeys: 5, lua: REMOVE_SCRIPT },
  tradelaneQueueClaim: { numberOfKeys: 4, lua: CLAIM_SCRIPT },
  tradelaneQueueHeartbeat: { numberOfKeys: 2, lua: HEARTBEAT_SCRIPT },
};
