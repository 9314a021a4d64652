package io.s64.redis;

/**
 * The Lua scripts of the slot leases. Each runs atomically in Redis and reads Redis's own clock
 * ({@code TIME}), so the processes' clocks never have to agree.
 *
 * <p>Keys: {@code leases} (hash: lease id → {@code token|holder|task id|acquired at}), {@code
 * deadlines} (sorted set: lease id → heartbeat deadline, epoch millis) and {@code fence} (the
 * counter that issues fencing tokens; every grant and every adoption takes a new one) and {@code
 * handed} (sorted set: ids of leases handed over to their search's live owner or released → when;
 * kept a day).
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

  /**
   * ARGV: lease id, token, task id, channel. Records the task; returns 1, or 0 when the lease is not
   * ours. Another lease recording the same task (a dead holder's, or an adopter's: the job was
   * taken over and its start sent again with the same search id, which the API answered with the
   * search already running) is one search counted twice: it is handed over — deleted, its id
   * remembered in {@code handed} for a day so that its holder's renewal finds it lost rather than
   * writing it again, and its freeing announced. Returns 2 then.
   */
  static final String RUNNING = NOW
      + "local v = redis.call('HGET', KEYS[1], ARGV[1])\n"
      + "if not v then return 0 end\n"
      + "local token, holder, task, at = string.match(v, '^(%d+)|([^|]*)|([^|]*)|(%d+)$')\n"
      + "if token ~= ARGV[2] then return 0 end\n"
      + "redis.call('HSET', KEYS[1], ARGV[1], token .. '|' .. holder .. '|' .. ARGV[3] .. '|' .. at)\n"
      + "local out = 1\n"
      + "if ARGV[3] == '' then return out end\n"
      + "local all = redis.call('HGETALL', KEYS[1])\n"
      + "for i = 1, #all, 2 do\n"
      + "  if all[i] ~= ARGV[1] and string.match(all[i + 1], '^%d+|[^|]*|([^|]*)|') == ARGV[3] then\n"
      + "    redis.call('HDEL', KEYS[1], all[i])\n"
      + "    redis.call('ZREM', KEYS[2], all[i])\n"
      + "    redis.call('ZADD', KEYS[4], now, all[i])\n"
      + "    redis.call('PUBLISH', ARGV[4], all[i])\n"
      + "    out = 2\n"
      + "  end\n"
      + "end\n"
      + "redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - 86400000)\n"
      + "return out\n";

  /**
   * ARGV: ttl ms, then for each lease: id, token, and its record. Extends every lease still ours
   * and records again one that Redis lost (restarted without persistence: the search still runs
   * and still takes a slot) — unless it was handed over to the live owner of its search ({@code
   * handed}, see {@link #RUNNING}). Returns the ids of those another process holds now (their fencing
   * token moved on).
   */
  static final String RENEW = NOW
      + "local lost = {}\n"
      + "for i = 2, #ARGV, 3 do\n"
      + "  local v = redis.call('HGET', KEYS[1], ARGV[i])\n"
      + "  if not v and not redis.call('ZSCORE', KEYS[4], ARGV[i]) then\n"
      + "    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 2]) v = ARGV[i + 2]\n"
      + "  end\n"
      + "  if v and string.match(v, '^(%d+)|') == ARGV[i + 1] then\n"
      + "    redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), ARGV[i])\n"
      + "  else\n"
      + "    table.insert(lost, ARGV[i])\n"
      + "  end\n"
      + "end\n"
      + "return lost\n";

  /**
   * ARGV: lease id, token, channel. Frees the lease if it is ours and announces it; 1 or 0. Its id
   * goes into {@code handed} as well, like a lease handed over: a renewal of the same process that
   * read its leases just before the release must find it gone, not record it again (that would
   * hold a slot for nobody until its heartbeat ran out).
   */
  static final String RELEASE = NOW
      + "local v = redis.call('HGET', KEYS[1], ARGV[1])\n"
      + "if not v or string.match(v, '^(%d+)|') ~= ARGV[2] then return 0 end\n"
      + "redis.call('HDEL', KEYS[1], ARGV[1])\n"
      + "redis.call('ZREM', KEYS[2], ARGV[1])\n"
      + "redis.call('ZADD', KEYS[4], now, ARGV[1])\n"
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

  /**
   * ARGV: task id, holder, ttl ms. A job taken over from a dead (or presumed dead) worker
   * re-attaches to its search: the lease that search already holds — its dead holder's, or an
   * adopter's — passes to this holder with a new fencing token (the previous holder finds at its
   * next renewal that it lost it and stops acting for it), instead of a second slot being taken
   * for one search. Returns {lease id, token}, or an empty list when no lease records the task.
   */
  static final String TAKEOVER = NOW
      + "local all = redis.call('HGETALL', KEYS[1])\n"
      + "for i = 1, #all, 2 do\n"
      + "  local token, holder, task, at = string.match(all[i + 1], '^(%d+)|([^|]*)|([^|]*)|(%d+)$')\n"
      + "  if task == ARGV[1] then\n"
      + "    local fresh = redis.call('INCR', KEYS[3])\n"
      + "    redis.call('HSET', KEYS[1], all[i], fresh .. '|' .. ARGV[2] .. '|' .. task .. '|' .. at)\n"
      + "    redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), all[i])\n"
      + "    return {all[i], tostring(fresh)}\n"
      + "  end\n"
      + "end\n"
      + "return {}\n";
}
