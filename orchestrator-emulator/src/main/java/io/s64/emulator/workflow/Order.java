package io.s64.emulator.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The execution order of a workflow's blocks from its edges: a chain that visits every block once.
 * Without edges, blocks run in {@code sequence_number} order.
 */
final class Order {
  private Order() {}

  static @Nullable List<String> of(Map<String, ObjectNode> byId, ArrayNode edges,
      Graph.Check check) {
    if (edges.isEmpty()) {
      List<ObjectNode> blocks = new ArrayList<>(byId.values());
      blocks.sort(Graph.BY_SEQUENCE);
      List<String> order = new ArrayList<>();
      for (ObjectNode block : blocks) {
        for (Map.Entry<String, ObjectNode> e : byId.entrySet()) {
          if (e.getValue() == block) {
            order.add(e.getKey());
          }
        }
      }
      return order;
    }
    Map<String, String> next = new HashMap<>();
    Map<String, String> previous = new HashMap<>();
    for (int i = 0; i < edges.size(); i++) {
      JsonNode edge = edges.get(i);
      List<Object> at = List.of("edges", i);
      if (!edge.isObject()) {
        check.fail("dict_type", at, "Input should be a valid dictionary", edge);
        return null;
      }
      String from = endpoint(edge, "from_block_id", at, byId, check);
      String to = endpoint(edge, "to_block_id", at, byId, check);
      if (from == null || to == null) {
        return null;
      }
      if (next.containsKey(from)) {
        check.invalid(at, "block '" + from + "' has two outgoing edges (to '" + next.get(from)
            + "' and '" + to + "'); the emulator runs linear workflows only", edge);
        return null;
      }
      if (previous.containsKey(to)) {
        check.invalid(at, "block '" + to + "' has two incoming edges (from '" + previous.get(to)
            + "' and '" + from + "'); the emulator runs linear workflows only", edge);
        return null;
      }
      next.put(from, to);
      previous.put(to, from);
    }
    List<String> starts = new ArrayList<>();
    for (String id : byId.keySet()) {
      if (!previous.containsKey(id)) {
        starts.add(id);
      }
    }
    if (starts.size() != 1) {
      check.invalid(List.of("edges"), starts.isEmpty()
          ? "the edges form a cycle: no block is without an incoming edge"
          : "the edges leave " + starts + " without an incoming edge; they must chain every "
              + "block from the source", edges);
      return null;
    }
    List<String> order = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String id = starts.get(0); id != null && seen.add(id); id = next.get(id)) {
      order.add(id);
    }
    if (order.size() != byId.size()) {
      check.invalid(List.of("edges"), "the edges form a cycle", edges);
      return null;
    }
    return order;
  }

  private static @Nullable String endpoint(JsonNode edge, String field, List<Object> at,
      Map<String, ObjectNode> byId, Graph.Check check) {
    JsonNode node = edge.get(field);
    if (node == null || !node.isTextual()) {
      check.fail(node == null ? "missing" : "string_type", BlockSpec.with(at, field),
          node == null ? "Field required" : "Input should be a valid string",
          node == null ? edge : node);
      return null;
    }
    if (!byId.containsKey(node.asText())) {
      check.invalid(BlockSpec.with(at, field), "edge " + at.get(1) + " goes "
          + (field.startsWith("from") ? "from" : "to") + " block '" + node.asText()
          + "', which does not exist; the blocks are " + byId.keySet(), node);
      return null;
    }
    return node.asText();
  }
}
