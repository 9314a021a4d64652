/**
 * Scale-out on Redis: the request budget, the deep-search slots, the export registry and the dedup
 * set of one API key, shared by every process that uses the key. {@code io.s64.redis} is the entry
 * point; the implementations behind it are package-private.
 *
 * <p>Nothing in Redis contains the API key: every key is named by a salted digest of it.
 */
@SuppressWarnings({"module", "requires-automatic"})
module io.s64.redis {
  requires transitive io.s64.core;
  requires static transitive org.jspecify;

  requires io.github.bucket4j.core;
  requires io.github.bucket4j.lettuce;
  requires io.github.bucket4j.redis.common;
  requires lettuce.core;
  requires org.slf4j;

  exports io.s64.redis;
  exports io.s64.redis.queue;
}
