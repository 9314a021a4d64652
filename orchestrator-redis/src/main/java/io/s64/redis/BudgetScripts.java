package io.s64.redis;

/**
 * The Lua scripts of the shared budget's server mirror and pause (the token bucket itself is
 * Bucket4j's). Keys: {@code pause} (epoch millis until which nothing may be sent, after a 429) and
 * {@code window} (hash: {@code end} of the server's current window, the {@code allowance} it still
 * has, counting the requests granted since its last report).
 */
final class BudgetScripts {
  private BudgetScripts() {}

  private static final String NOW = "redis.replicate_commands()\n"
      + "local t = redis.call('TIME')\n"
      + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n";

  /**
   * May a request go now? Returns {0, 0} and counts it against the window's allowance; or {wait
   * ms, paused until} when the key is paused or the window is spent.
   */
  static final String ADMIT = NOW
      + "local p = tonumber(redis.call('GET', KEYS[1]) or '0')\n"
      + "if now < p then return {p - now, p} end\n"
      + "local e = tonumber(redis.call('HGET', KEYS[2], 'end') or '0')\n"
      + "local a = tonumber(redis.call('HGET', KEYS[2], 'allowance') or '-1')\n"
      + "if e ~= 0 and now >= e then redis.call('DEL', KEYS[2]) return {0, 0} end\n"
      + "if a == 0 then\n"
      + "  if e ~= 0 then return {e - now, 0} end\n"
      + "  redis.call('DEL', KEYS[2]) return {0, 0}\n"
      + "end\n"
      + "if a > 0 then redis.call('HINCRBY', KEYS[2], 'allowance', -1) end\n"
      + "return {0, 0}\n";

  /**
   * What a response said. ARGV: remaining or '', reset (epoch ms) or '', requests in flight here,
   * pause until (epoch ms, 0 for none), the channel that announces a pause. A later window
   * replaces the mirror; the same window keeps the smaller allowance; a pause only ever grows, and
   * each growth is published so every process stops at once.
   */
  static final String REPORT = NOW
      + "if ARGV[1] ~= '' and ARGV[2] ~= '' then\n"
      + "  local reset = tonumber(ARGV[2])\n"
      + "  if reset > now then\n"
      + "    local allowance = math.max(0, tonumber(ARGV[1]) - tonumber(ARGV[3]))\n"
      + "    local e = tonumber(redis.call('HGET', KEYS[2], 'end') or '0')\n"
      + "    if reset > e then\n"
      + "      redis.call('HSET', KEYS[2], 'end', ARGV[2], 'allowance', allowance)\n"
      + "      redis.call('PEXPIREAT', KEYS[2], reset + 1000)\n"
      + "    elseif reset == e then\n"
      + "      local a = tonumber(redis.call('HGET', KEYS[2], 'allowance') or '-1')\n"
      + "      if a < 0 or allowance < a then redis.call('HSET', KEYS[2], 'allowance', allowance) end\n"
      + "    end\n"
      + "  end\n"
      + "end\n"
      + "local pause = tonumber(ARGV[4])\n"
      + "if pause > now then\n"
      + "  local p = tonumber(redis.call('GET', KEYS[1]) or '0')\n"
      + "  if pause > p then\n"
      + "    redis.call('SET', KEYS[1], ARGV[4], 'PX', pause - now + 1000)\n"
      + "    redis.call('PUBLISH', ARGV[5], ARGV[4])\n"
      + "  end\n"
      + "end\n"
      + "return 1\n";
}
