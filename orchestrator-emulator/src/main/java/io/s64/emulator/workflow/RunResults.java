package io.s64.emulator.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A run's results as the storage package serves them.
 *
 * @param jobId the run
 * @param completed whether the run has completed (only then do its result files exist)
 * @param saveJson whether it was started with {@code save_json=true} (only then is there JSON)
 * @param blockNumber the sequence number of the last block, which produced the rows
 * @param completedAt when it completed, or null
 * @param rows the rows of the last block (empty until completed)
 */
public record RunResults(String jobId, boolean completed, boolean saveJson, int blockNumber,
    @Nullable Instant completedAt, List<ObjectNode> rows) {}
