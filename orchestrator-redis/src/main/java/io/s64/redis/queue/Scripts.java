package io.s64.redis.queue;

/**
 * The queue's Lua scripts. Each changes Redis in one step, so no crash, lost answer or second worker
 * can leave half of a change behind; each can be sent again after an answer was lost and does
 * nothing the second time.
 *
 * <p>Fencing: a job's checkpoint holds an {@code epoch} that every take increments. A worker acts
 * for a job only with the epoch its take returned: once another worker has taken the job over, the
 * first one's checkpoints and outcome are refused ({@code -1}) and it stops acting for the job.
 */
final class Scripts {
  private Scripts() {}

  /**
   * Adds a job. KEYS: ids, jobs, counts. ARGV: job id, digest of the job, the job. Returns 1 when
   * added, 0 when that id was submitted before with the same job, -1 when with another.
   */
  static final String SUBMIT = """
      local d = redis.call('HGET', KEYS[1], ARGV[1])
      if d then
        if d == ARGV[2] then return 0 end
        return -1
      end
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      redis.call('XADD', KEYS[2], '*', 'id', ARGV[1], 'job', ARGV[3])
      redis.call('HINCRBY', KEYS[3], 'submitted', 1)
      return 1
      """;

  /**
   * Records a job that has its outcome at once (an invalid input line). KEYS: ids, done, outcomes,
   * counts. ARGV: job id, digest, outcome line, status. Returns like {@link #SUBMIT}.
   */
  static final String REJECT = """
      local d = redis.call('HGET', KEYS[1], ARGV[1])
      if d then
        if d == ARGV[2] then return 0 end
        return -1
      end
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      redis.call('SADD', KEYS[2], ARGV[1])
      redis.call('XADD', KEYS[3], '*', 'job', ARGV[1], 'line', ARGV[3])
      redis.call('HINCRBY', KEYS[4], 'submitted', 1)
      redis.call('HINCRBY', KEYS[4], 'done', 1)
      redis.call('HINCRBY', KEYS[4], 'status:' .. ARGV[4], 1)
      return 1
      """;

  /**
   * Takes up to COUNT jobs: first those idle longer than the claim time (their worker stopped
   * renewing them), then new ones. For each, increments the checkpoint's epoch and returns {entry
   * id, job id, job, checkpoint fields, row keys}. KEYS: jobs, done. ARGV: group, consumer, claim
   * time (ms), count, per-job key prefix.
   */
  static final String TAKE = """
      local jobs, group, me = KEYS[1], ARGV[1], ARGV[2]
      local count, prefix = tonumber(ARGV[4]), ARGV[5]
      local entries = {}
      local claimed = redis.call('XAUTOCLAIM', jobs, group, me, ARGV[3], '0-0', 'COUNT', count)
      for _, e in ipairs(claimed[2]) do
        if e then table.insert(entries, e) end
      end
      local room = count - #entries
      if room > 0 then
        local r = redis.call('XREADGROUP', 'GROUP', group, me, 'COUNT', room, 'STREAMS', jobs, '>')
        if r then
          for _, e in ipairs(r[1][2]) do table.insert(entries, e) end
        end
      end
      local out = {}
      for _, e in ipairs(entries) do
        local id, f = e[1], e[2]
        if not f then
          redis.call('XACK', jobs, group, id)
        else
          local fields = {}
          for i = 1, #f, 2 do fields[f[i]] = f[i + 1] end
          local job = fields['id']
          if redis.call('SISMEMBER', KEYS[2], job) == 1 then
            redis.call('XACK', jobs, group, id)
            redis.call('XDEL', jobs, id)
          else
            local cp = prefix .. 'cp:' .. job
            redis.call('HINCRBY', cp, 'epoch', 1)
            redis.call('HSET', cp, 'owner', me)
            table.insert(out, {id, job, fields['job'], redis.call('HGETALL', cp),
              redis.call('SMEMBERS', prefix .. 'keys:' .. job)})
          end
        end
      end
      return out
      """;

  /**
   * Writes a checkpoint and the rows it covers. KEYS: checkpoint, row keys, rows. ARGV: epoch, seq,
   * job id, n, n field names and values, m, m row keys, the rows' lines ('' for none). Returns 1
   * when written, 0 when this seq was written before, -1 when the job is no longer the caller's.
   */
  static final String COMMIT = """
      local cp = KEYS[1]
      if redis.call('HGET', cp, 'epoch') ~= ARGV[1] then return -1 end
      local want = tonumber(ARGV[2])
      local seq = tonumber(redis.call('HGET', cp, 'seq') or '0')
      if seq >= want then return 0 end
      local i = 4
      local n = tonumber(ARGV[i])
      i = i + 1
      for _ = 1, n, 2 do
        redis.call('HSET', cp, ARGV[i], ARGV[i + 1])
        i = i + 2
      end
      local m = tonumber(ARGV[i])
      i = i + 1
      for _ = 1, m do
        redis.call('SADD', KEYS[2], ARGV[i])
        i = i + 1
      end
      if ARGV[i] ~= '' then
        redis.call('XADD', KEYS[3], '*', 'job', ARGV[3], 'lines', ARGV[i])
      end
      redis.call('HSET', cp, 'seq', want)
      return 1
      """;

  /**
   * Writes a job's outcome, acknowledges and deletes its entry, drops its checkpoint. KEYS:
   * checkpoint, row keys, jobs, outcomes, done, counts. ARGV: epoch, job id, entry id, group,
   * outcome line, status, requests. Returns 1 when written, 0 when the job already had one, -1 when
   * the job is no longer the caller's.
   */
  static final String FINISH = """
      if redis.call('SISMEMBER', KEYS[5], ARGV[2]) == 1 then return 0 end
      if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[1] then return -1 end
      redis.call('SADD', KEYS[5], ARGV[2])
      redis.call('XADD', KEYS[4], '*', 'job', ARGV[2], 'line', ARGV[5])
      redis.call('XACK', KEYS[3], ARGV[4], ARGV[3])
      redis.call('XDEL', KEYS[3], ARGV[3])
      redis.call('DEL', KEYS[1], KEYS[2])
      redis.call('HINCRBY', KEYS[6], 'done', 1)
      redis.call('HINCRBY', KEYS[6], 'status:' .. ARGV[6], 1)
      redis.call('HINCRBY', KEYS[6], 'requests', ARGV[7])
      return 1
      """;

  /**
   * A worker's heartbeat: records it as alive (Redis time) and renews the jobs it holds, so none
   * looks idle to the others; with ARGV[3] > 0 it instead hands them over at once (their idle time
   * set to ARGV[3] ms) and leaves. KEYS: jobs, workers. ARGV: group, consumer, idle. Returns the
   * number of jobs renewed or handed over.
   */
  static final String HEARTBEAT = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local leaving = tonumber(ARGV[3]) > 0
      if leaving then
        redis.call('ZREM', KEYS[2], ARGV[2])
      else
        redis.call('ZADD', KEYS[2], now, ARGV[2])
      end
      local p = redis.call('XPENDING', KEYS[1], ARGV[1], '-', '+', 10000, ARGV[2])
      for _, e in ipairs(p) do
        if leaving then
          redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, e[1], 'IDLE', ARGV[3], 'JUSTID')
        else
          redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, e[1], 'JUSTID')
        end
      end
      return #p
      """;

  /**
   * Takes or renews the collector's lock. KEYS: lock. ARGV: owner, ttl (ms). Returns 1 when the
   * caller holds it, 0 when another collector does.
   */
  static final String LOCK = """
      local v = redis.call('GET', KEYS[1])
      if v and v ~= ARGV[1] then return 0 end
      redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
      return 1
      """;
}
