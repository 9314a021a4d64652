/**
 * A distributed work queue on Redis Streams: {@code s64 submit} adds jobs, any number of {@code s64
 * worker} processes take and run them, {@code s64 collect} writes the output folder. Entry point:
 * {@link io.s64.redis.queue.JobQueue}.
 *
 * <p>A job's progress (search id, task id, terminal status, cursor, byte offset, rows) is a
 * checkpoint in Redis, written in one script with the rows it covers, so a worker that takes over
 * a job whose worker died resumes where the checkpoint says and never delivers a row twice.
 */
@NullMarked
package io.s64.redis.queue;

import org.jspecify.annotations.NullMarked;
