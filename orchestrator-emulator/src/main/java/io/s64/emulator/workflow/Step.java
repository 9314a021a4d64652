package io.s64.emulator.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One block of a valid workflow, in execution order.
 *
 * @param blockId its id (as given, or {@code block-<sequence_number>} when it had none)
 * @param kind its type
 * @param sequenceNumber its position as declared
 * @param previousIds the blocks feeding it (empty for the source)
 * @param specs its configuration
 * @param rowType the type of the rows it produces
 */
record Step(String blockId, BlockKind kind, int sequenceNumber, List<String> previousIds,
    ObjectNode specs, BlockKind.RowType rowType) {
  Step {
    previousIds = List.copyOf(previousIds);
  }
}
