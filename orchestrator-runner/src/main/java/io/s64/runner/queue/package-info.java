/**
 * The work-queue commands: {@code s64 submit} (input file → queue), {@code s64 collect} (queue →
 * output folder) and {@code s64 queue status}; {@code s64 worker} runs in {@code pipeline}, beside
 * {@code s64 run}. The queue itself is {@code io.s64.redis.queue}.
 */
@NullMarked
package io.s64.runner.queue;

import org.jspecify.annotations.NullMarked;
