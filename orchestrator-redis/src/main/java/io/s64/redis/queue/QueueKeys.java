package io.s64.redis.queue;

import java.util.regex.Pattern;

/**
 * The Redis names of one queue. All share the hash tag {@code {s64:q:NAME}}, so on a Redis Cluster
 * they land in one slot and the scripts that touch several of them stay legal. The queue's name is
 * the user's; nothing here is derived from an API key, and no API key is ever stored.
 */
final class QueueKeys {
  /** The consumer group every worker of a queue belongs to. */
  static final String GROUP = "workers";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  final String name;
  final String prefix;

  private QueueKeys(String name) {
    this.name = name;
    this.prefix = "s64:q:{" + name + "}:";
  }

  /**
   * The keys of queue {@code name}.
   *
   * @throws IllegalArgumentException when the name is not 1 to 64 letters, digits, '.', '_' or '-'
   */
  static QueueKeys of(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("queue name must be 1 to 64 letters, digits, '.', '_' or"
          + " '-' but was '" + name + "'");
    }
    return new QueueKeys(name);
  }

  /** The stream of jobs waiting or running; a job's entry goes when its outcome is written. */
  String jobs() {
    return prefix + "jobs";
  }

  /** Hash: every submitted job id → a digest of what it asks (to recognise a second submit). */
  String ids() {
    return prefix + "ids";
  }

  /** Set: job ids that have their outcome. */
  String done() {
    return prefix + "done";
  }

  /** Hash of counters: submitted, done, open submissions, outcomes by status, requests. */
  String counts() {
    return prefix + "counts";
  }

  /** Stream of outcome lines, in the order jobs ended. */
  String outcomes() {
    return prefix + "outcomes";
  }

  /** Stream of result rows, one entry per committed page; trimmed once collected. */
  String rows() {
    return prefix + "rows";
  }

  /** Sorted set: worker name → its last heartbeat (Redis time, ms). */
  String workers() {
    return prefix + "workers";
  }

  /** The lock of the one collector that may trim rows. */
  String collector() {
    return prefix + "collector";
  }

  /** What the prefix of per-job keys is: {@code cp:ID} (checkpoint hash), {@code keys:ID} (row keys). */
  String jobPrefix() {
    return prefix;
  }

  String checkpoint(String jobId) {
    return prefix + "cp:" + jobId;
  }

  String rowKeys(String jobId) {
    return prefix + "keys:" + jobId;
  }
}
