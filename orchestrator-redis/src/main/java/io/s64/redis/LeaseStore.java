package io.s64.redis;

import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The slot leases of one key in Redis: every read and write of them, each one of the {@link
 * LeaseScripts}. It holds no state of its own; {@link LeasedSearchSlots} decides when to call.
 */
final class LeaseStore {
  /** A lease granted: its fencing token, and how many leases exist now. */
  record Granted(long token, int leases) {}

  /** A lease taken over from a holder that stopped renewing. */
  record Adopted(String id, long token, String task, long grantedAt) {}

  /** A lease renewed: its id and token, and its record to write again should Redis have lost it. */
  record Renewal(String id, long token, String record) {}

  private static final String ALL = ""
      + "local out = {}\n"
      + "local all = redis.call('HGETALL', KEYS[1])\n"
      + "for i = 1, #all, 2 do\n"
      + "  table.insert(out, all[i + 1])\n"
      + "  table.insert(out, redis.call('ZSCORE', KEYS[2], all[i]) or '0')\n"
      + "end\n"
      + "return out\n";

  private final RedisLink link;
  private final List<String> keys;
  private final String channel;
  private final int capacity;
  private final String holder;
  private final String ttl;

  LeaseStore(RedisLink link, int capacity, String holder, Duration ttl) {
    KeySpace ks = link.keys();
    this.link = link;
    this.keys = List.of(ks.key("slots:leases"), ks.key("slots:deadlines"), ks.key("slots:fence"));
    this.channel = ks.key("slots:freed");
    this.capacity = capacity;
    this.holder = holder;
    this.ttl = Long.toString(ttl.toMillis());
  }

  /** The channel on which every freed lease is announced. */
  String channel() {
    return channel;
  }

  /** A new lease {@code id} if fewer than {@code capacity} exist; token 0 when all are taken. */
  Mono<Granted> acquire(String id) {
    return link.<List<Object>>eval(LeaseScripts.ACQUIRE, ScriptOutputType.MULTI, keys,
            Integer.toString(capacity), id, holder, ttl)
        .map(reply -> new Granted((Long) reply.get(0), ((Long) reply.get(1)).intValue()));
  }

  /** Records the task of lease {@code id}, if it still has {@code token}. */
  Mono<Void> running(String id, long token, String task) {
    return link.<Long>eval(LeaseScripts.RUNNING, ScriptOutputType.INTEGER, keys,
        id, Long.toString(token), task).then();
  }

  /** Extends these leases; returns the ids of those another process holds now. */
  Mono<List<String>> renew(List<Renewal> leases) {
    List<String> args = new ArrayList<>(1 + 3 * leases.size());
    args.add(ttl);
    for (Renewal r : leases) {
      args.add(r.id());
      args.add(Long.toString(r.token()));
      args.add(r.record());
    }
    return link.<List<Object>>eval(LeaseScripts.RENEW, ScriptOutputType.MULTI, keys,
            args.toArray(String[]::new))
        .map(lost -> lost.stream().map(String.class::cast).toList());
  }

  /** How many leases exist. */
  Mono<Integer> count() {
    return link.<Long>eval("return redis.call('HLEN', KEYS[1])", ScriptOutputType.INTEGER,
            keys.subList(0, 1))
        .map(Long::intValue);
  }

  /** Frees lease {@code id} if it still has {@code token}, and announces it; true if freed. */
  Mono<Boolean> release(String id, long token) {
    return link.<Long>eval(LeaseScripts.RELEASE, ScriptOutputType.INTEGER, keys,
            id, Long.toString(token), channel)
        .map(freed -> freed == 1);
  }

  /** Takes over every lease whose deadline has passed (at most {@code capacity}). */
  Mono<List<Adopted>> adopt() {
    return link.<List<Object>>eval(LeaseScripts.ADOPT, ScriptOutputType.MULTI, keys,
            holder, ttl, Integer.toString(capacity))
        .map(reply -> {
          List<Adopted> out = new ArrayList<>();
          for (int i = 0; i + 3 < reply.size(); i += 4) {
            out.add(new Adopted((String) reply.get(i), Long.parseLong((String) reply.get(i + 1)),
                (String) reply.get(i + 2), Long.parseLong((String) reply.get(i + 3))));
          }
          return out;
        });
  }

  /** Every lease, whoever holds it. */
  Mono<List<CoordinationStatus.Lease>> all() {
    return link.<List<Object>>eval(ALL, ScriptOutputType.MULTI, keys)
        .map(reply -> {
          List<CoordinationStatus.Lease> out = new ArrayList<>();
          for (int i = 0; i + 1 < reply.size(); i += 2) {
            String[] parts = ((String) reply.get(i)).split("\\|", -1);
            long deadline = (long) Double.parseDouble((String) reply.get(i + 1));
            out.add(new CoordinationStatus.Lease(parts[1], parts[2].isEmpty() ? null : parts[2],
                Long.parseLong(parts[0]), Instant.ofEpochMilli(deadline)));
          }
          return out;
        });
  }
}
