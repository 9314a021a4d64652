package io.s64.redis;

/**
 * The Lua scripts of the shared budget's server mirror and pause (the token bucket itself is
 * Bucket4j's). Keys:
 *
 * <ul>
 *   <li>{@code pause}: epoch millis until which nothing may be sent, after a 429;
 *   <li>{@code window}: hash of the server's current window: its {@code end} (0 when not yet
 *       known), the {@code allowance} it still has (-1 when unknown), and the server's {@code limit};
 *   <li>{@code inflight}: sorted set of the requests granted by any process and not yet answered
 *       (grant id → grant time). A request's response is counted by the server before its report
 *       reaches Redis, so what a response says remains must be shared with the requests still on
 *       their way. Entries older than the response timeout are dropped: a process that died with
 *       requests in flight does not shrink the window for ever.
 * </ul>
 */
final class BudgetScripts {
  private BudgetScripts() {}

  private static final String NOW = "redis.replicate_commands()\n"
      + "local t = redis.call('TIME')\n"
      + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n";

  /**
   * May a request go now? ARGV: grant id, how long an unanswered request counts (ms). Returns {0,
   * 0} and records the grant; or {wait ms, paused until} when the key is paused or the window is
   * spent.
   */
  static final String ADMIT = NOW
      + "local p = tonumber(redis.call('GET', KEYS[1]) or '0')\n"
      + "if now < p then return {p - now, p} end\n"
      + "redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[2]))\n"
      + "local e = tonumber(redis.call('HGET', KEYS[2], 'end') or '0')\n"
      + "local a = tonumber(redis.call('HGET', KEYS[2], 'allowance') or '-1')\n"
      + "local lim = tonumber(redis.call('HGET', KEYS[2], 'limit') or '0')\n"
      + "if e ~= 0 and now >= e then\n"
      + "  e = 0\n"
      + "  if lim > 0 then a = math.max(0, lim - redis.call('ZCARD', KEYS[3])) else a = -1 end\n"
      + "  redis.call('HSET', KEYS[2], 'end', 0, 'allowance', a)\n"
      + "end\n"
      + "if a == 0 then\n"
      + "  if e ~= 0 then return {e - now, 0} end\n"
      + "  if redis.call('ZCARD', KEYS[3]) > 0 then return {20, 0} end\n"
      + "  a = -1\n"
      + "  redis.call('HSET', KEYS[2], 'allowance', -1)\n"
      + "end\n"
      + "if a > 0 then redis.call('HINCRBY', KEYS[2], 'allowance', -1) end\n"
      + "redis.call('ZADD', KEYS[3], now, ARGV[1])\n"
      + "redis.call('PEXPIRE', KEYS[2], 3600000)\n"
      + "redis.call('PEXPIRE', KEYS[3], 3600000)\n"
      + "return {0, 0}\n";

  /**
   * What a response said. ARGV: grant id, limit or '', remaining or '', reset (epoch ms) or '',
   * pause until (epoch ms, 0 for none), the channel that announces a pause. A later window
   * replaces the mirror; the same window keeps the smaller allowance; either way the requests
   * still in flight are counted against it. A pause only ever grows, and each growth is published
   * so that every process stops at once.
   */
  static final String REPORT = NOW
      + "redis.call('ZREM', KEYS[3], ARGV[1])\n"
      + "if ARGV[2] ~= '' then redis.call('HSET', KEYS[2], 'limit', ARGV[2]) end\n"
      + "if ARGV[3] ~= '' and ARGV[4] ~= '' then\n"
      + "  local reset = tonumber(ARGV[4])\n"
      + "  if reset > now then\n"
      + "    local allowance = math.max(0, tonumber(ARGV[3]) - redis.call('ZCARD', KEYS[3]))\n"
      + "    local e = tonumber(redis.call('HGET', KEYS[2], 'end') or '0')\n"
      + "    if reset > e then\n"
      + "      redis.call('HSET', KEYS[2], 'end', ARGV[4], 'allowance', allowance)\n"
      + "    elseif reset == e then\n"
      + "      local a = tonumber(redis.call('HGET', KEYS[2], 'allowance') or '-1')\n"
      + "      if a < 0 or allowance < a then redis.call('HSET', KEYS[2], 'allowance', allowance) end\n"
      + "    end\n"
      + "    redis.call('PEXPIRE', KEYS[2], 3600000)\n"
      + "  end\n"
      + "end\n"
      + "local pause = tonumber(ARGV[5])\n"
      + "if pause > now then\n"
      + "  local p = tonumber(redis.call('GET', KEYS[1]) or '0')\n"
      + "  if pause > p then\n"
      + "    redis.call('SET', KEYS[1], ARGV[5], 'PX', pause - now + 1000)\n"
      + "    redis.call('PUBLISH', ARGV[6], ARGV[5])\n"
      + "  end\n"
      + "end\n"
      + "return 1\n";

  /** ARGV: grant id. A grant that was never sent, or whose answer never came. */
  static final String FORGET = "redis.call('ZREM', KEYS[3], ARGV[1]) return 1\n";
}
