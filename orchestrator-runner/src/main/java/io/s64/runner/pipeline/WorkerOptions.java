package io.s64.runner.pipeline;

import java.time.Duration;

/**
 * The queue settings of one {@code s64 worker}; its API settings are a {@link RunOptions}.
 *
 * @param redisUrl the Redis of the queue and of the shared limits
 * @param queue the queue's name
 * @param name this worker's name among the queue's workers
 * @param claimAfter how long a job may go without its worker's heartbeat before another takes it
 * @param untilEmpty stop once every submitted job has an outcome
 * @param jobs how many jobs this worker holds at once
 */
public record WorkerOptions(String redisUrl, String queue, String name, Duration claimAfter,
    boolean untilEmpty, int jobs) {}
