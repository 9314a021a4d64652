package io.s64.redis;

/**
 * The Lua scripts of the slot leases. Each runs atomically in Redis and reads Redis's own clock
 * ({@code TIME}), so the processes' clocks never have to agree.
 *
 * <p>Keys: {@code leases} (hash: lease id → {@code token|holder|task id|acquired at}), {@code
 * deadlines} (sorted set: lease id → heartbeat deadline, epoch millis) and {@code fence} (the
 * counter that issues fencing tokens; every grant and every adoption takes a new one).
 */
final class LeaseScripts {
  private LeaseScripts() {}

  private static final String NOW = "redis.replicate_commands()\n"
      + "local t = redis.call('TIME')\n"
      + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n";

  /** ARGV: capacity, lease id, holder, ttl ms. Returns {token or 0, leases held}. */
  static final String ACQUIRE = NOW
      + "local held = redis.call('HLEN', KEYS[1])\n"
      + "if held >= tonumber(ARGV[1]) then return {0, held} end\n"
      + "local token = redis.call('INCR', KEYS[3])\n"
      + "redis.call('HSET', KEYS[1], ARGV[2], token .. '|' .. ARGV[3] .. '||' .. now)\n"
      + "redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[2])\n"
      + "return {token, held + 1}\n";

  /** ARGV: lease id, token, task id. Records the task; returns 1, or 0 when the lease is not ours. */
  static final String RUNNING = ""
      + "local v = redis.call('HGET', KEYS[1], ARGV[1])\n"
      + "if not v then return 0 end\n"
      + "local token, holder, task, at = string.match(v, '^(%d+)|([^|]*)|([^|]*)|(%d+)$')\n"
      + "if token ~= ARGV[2] then return 0 end\n"
      + "redis.call('HSET', KEYS[1], ARGV[1], token .. '|' .. holder .. '|' .. ARGV[3] .. '|' .. at)\n"
      + "return 1\n";

  /**
   * ARGV: ttl ms, then for each lease: id, token, and its record. Extends every lease still ours
   * and records again one that Redis lost (restarted without persistence: the search still runs
   * and still takes a slot). Returns the ids of those another process holds now (their fencing
   * token moved on).
   */
  static final String RENEW = NOW
      + "local lost = {}\n"
      + "for i = 2, #ARGV, 3 do\n"
      + "  local v = redis.call('HGET', KEYS[1], ARGV[i])\n"
      + "  if not v then redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 2]) v = ARGV[i + 2] end\n"
      + "  if string.match(v, '^(%d+)|') == ARGV[i + 1] then\n"
      + "    redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), ARGV[i])\n"
      + "  else\n"
      + "    table.insert(lost, ARGV[i])\n"
      + "  end\n"
      + "end\n"
      + "return lost\n";

  /** ARGV: lease id, token, channel. Frees the lease if it is ours and announces it; 1 or 0. */
  static final String RELEASE = ""
      + "local v = redis.call('HGET', KEYS[1], ARGV[1])\n"
      + "if not v or string.match(v, '^(%d+)|') ~= ARGV[2] then return 0 end\n"
      + "redis.call('HDEL', KEYS[1], ARGV[1])\n"
      + "redis.call('ZREM', KEYS[2], ARGV[1])\n"
      + "redis.call('PUBLISH', ARGV[3], ARGV[1])\n"
      + "return 1\n";

  /**
   * ARGV: holder, ttl ms, how many at most. Takes over leases whose heartbeat deadline has passed:
   * a new fencing token, this holder, the same task. Returns {lease id, token, task id, acquired
   * at} for each, flattened.
   */
  static final String ADOPT = NOW
      + "local out = {}\n"
      + "local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))\n"
      + "for _, id in ipairs(ids) do\n"
      + "  local v = redis.call('HGET', KEYS[1], id)\n"
      + "  if not v then\n"
      + "    redis.call('ZREM', KEYS[2], id)\n"
      + "  else\n"
      + "    local token, holder, task, at = string.match(v, '^(%d+)|([^|]*)|([^|]*)|(%d+)$')\n"
      + "    local fresh = redis.call('INCR', KEYS[3])\n"
      + "    redis.call('HSET', KEYS[1], id, fresh .. '|' .. ARGV[1] .. '|' .. task .. '|' .. at)\n"
      + "    redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), id)\n"
      + "    table.insert(out, id); table.insert(out, tostring(fresh))\n"
      + "    table.insert(out, task); table.insert(out, at)\n"
      + "  end\n"
      + "end\n"
      + "return out\n";
}
