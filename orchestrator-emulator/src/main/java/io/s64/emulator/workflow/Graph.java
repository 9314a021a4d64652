package io.s64.emulator.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.http.BodyReader;
import io.s64.emulator.internal.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A checked {@code workflow_definition}: its blocks in execution order. The emulator runs linear
 * workflows: the edges must chain every block once, starting at the one source block (without
 * edges, blocks run in {@code sequence_number} order). Each problem becomes a 422 item whose
 * {@code loc} points into the definition and whose message names the block or edge at fault.
 *
 * @param steps the blocks, source first
 * @param json the definition as stored and returned
 */
record Graph(List<Step> steps, ObjectNode json) {
  Graph {
    steps = List.copyOf(steps);
  }

  Step source() {
    return steps.get(0);
  }

  /**
   * Checks {@code definition}, adding an item to {@code errors} for each problem found.
   *
   * @param at the {@code loc} of the definition, such as {@code ["body", "workflow_definition"]}
   * @return the graph, or null when a problem was found
   */
  static @Nullable Graph parse(JsonNode definition, ArrayNode at, ArrayNode errors) {
    Check check = new Check(at, errors);
    if (!definition.isObject()) {
      check.fail("dict_type", List.of(), "Input should be a valid dictionary", definition);
      return null;
    }
    JsonNode blocks = definition.get("blocks");
    JsonNode edges = definition.get("edges");
    if (blocks == null || edges == null) {
      check.fail("missing", List.of(blocks == null ? "blocks" : "edges"), "Field required",
          definition);
      return null;
    }
    if (!blocks.isArray() || !edges.isArray()) {
      check.fail("list_type", List.of(!blocks.isArray() ? "blocks" : "edges"),
          "Input should be a valid list", !blocks.isArray() ? blocks : edges);
      return null;
    }
    if (blocks.isEmpty()) {
      check.invalid(List.of("blocks"), "a workflow needs at least one block, but blocks is empty",
          blocks);
      return null;
    }
    Map<String, ObjectNode> byId = new LinkedHashMap<>();
    Map<String, BlockKind> kinds = new HashMap<>();
    for (int i = 0; i < blocks.size(); i++) {
      BlockSpec.read(blocks.get(i), i, check, byId, kinds);
    }
    if (check.failed()) {
      return null;
    }
    List<String> order = Order.of(byId, (ArrayNode) edges, check);
    if (order == null) {
      return null;
    }
    List<Step> steps = new ArrayList<>();
    BlockKind.RowType type = null;
    for (int i = 0; i < order.size(); i++) {
      String id = order.get(i);
      ObjectNode block = byId.get(id);
      BlockKind kind = kinds.get(id);
      List<Object> loc = List.of("blocks", indexOf(blocks, block));
      if (i == 0 && !kind.source()) {
        check.invalid(loc, "the first block '" + id + "' is " + kind.wire()
            + ", but a workflow must start with a source block (webhook or read_csv)", block);
        return null;
      }
      if (i > 0 && kind.source()) {
        check.invalid(loc, "incompatible blocks: '" + id + "' is a source block (" + kind.wire()
            + ") but comes after '" + order.get(i - 1) + "'; only the first block may be a source",
            block);
        return null;
      }
      if (kind.source()) {
        type = BlockKind.RowType.valueOf(block.get("specs").get("dataframe_type").asText());
      } else if (kind.accepts() != null && kind.accepts() != type) {
        check.invalid(loc, "incompatible blocks: '" + order.get(i - 1) + "' gives " + type
            + " rows to '" + id + "' (" + kind.wire() + "), which needs " + kind.accepts()
            + " rows", block);
        return null;
      }
      List<String> previous = i == 0 ? List.of() : List.of(order.get(i - 1));
      steps.add(new Step(id, kind, block.get("sequence_number").asInt(), previous,
          (ObjectNode) block.get("specs"), type));
    }
    return new Graph(steps, ((ObjectNode) definition).deepCopy());
  }

  private static int indexOf(JsonNode blocks, JsonNode block) {
    for (int i = 0; i < blocks.size(); i++) {
      if (blocks.get(i) == block) {
        return i;
      }
    }
    return -1;
  }

  /** The errors of one check, with their location under the definition's. */
  static final class Check {
    private final ArrayNode at;
    private final ArrayNode errors;
    private final int before;

    Check(ArrayNode at, ArrayNode errors) {
      this.at = at;
      this.errors = errors;
      this.before = errors.size();
    }

    boolean failed() {
      return errors.size() > before;
    }

    /** A {@code value_error}: the definition is well-formed but not a workflow the API runs. */
    void invalid(List<Object> loc, String message, JsonNode input) {
      fail("value_error", loc, "Value error, " + message, input);
    }

    void fail(String type, List<Object> loc, String msg, JsonNode input) {
      ArrayNode path = at.deepCopy();
      for (Object part : loc) {
        if (part instanceof Integer) {
          path.add((Integer) part);
        } else {
          path.add(String.valueOf(part));
        }
      }
      errors.add(BodyReader.item(path, type, msg, input, null));
    }
  }

  /** Sorts blocks by sequence number (for a definition without edges). */
  static final Comparator<ObjectNode> BY_SEQUENCE =
      Comparator.comparingInt(b -> b.get("sequence_number").asInt());

  static ArrayNode loc(String... parts) {
    ArrayNode loc = Json.array();
    for (String part : parts) {
      loc.add(part);
    }
    return loc;
  }
}
