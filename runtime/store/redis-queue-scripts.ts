// The Lua scripts behind the Redis queue log: each write touches a queue's keys atomically, in one round trip.

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
 * KEYS: messages, due. ARGV: id, entry JSON, notBefore.
 * Does nothing for an acknowledged message (returns 0): writing it again would resurrect it, and nedb's update does not upsert either.
 */
export const UPDATE_SCRIPT = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1
`;

/** KEYS: messages, due, arrival. ARGV: id. Idempotent: removing twice is harmless. */
export const REMOVE_SCRIPT = `
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
return redis.call('HDEL', KEYS[1], ARGV[1])
`;

/** The commands ioredis adds to the client for the scripts above (it sends EVALSHA and falls back to EVAL once). */
export interface QueueScriptCommands {
  tradelaneQueueAdd(messages: string, due: string, arrival: string, sequence: string, id: string, entryJson: string, notBefore: number): Promise<number>;
  tradelaneQueueUpdate(messages: string, due: string, id: string, entryJson: string, notBefore: number): Promise<number>;
  tradelaneQueueRemove(messages: string, due: string, arrival: string, id: string): Promise<number>;
}

export const QUEUE_SCRIPTS: Record<keyof QueueScriptCommands, { numberOfKeys: number; lua: string }> = {
  tradelaneQueueAdd: { numberOfKeys: 4, lua: ADD_SCRIPT },
  tradelaneQueueUpdate: { numberOfKeys: 2, lua: UPDATE_SCRIPT },
  tradelaneQueueRemove: { numberOfKeys: 3, lua: REMOVE_SCRIPT },
};
