/**
 * Coordination of several s64 processes through Redis: one budget, one set of slots, one export
 * registry and one dedup set per API key.
 */
@NullMarked
package io.s64.redis;

import org.jspecify.annotations.NullMarked;
