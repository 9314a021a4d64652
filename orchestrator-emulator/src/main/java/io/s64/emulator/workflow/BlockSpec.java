package io.s64.emulator.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checks one entry of {@code blocks}: the fields of the API's {@code Block} ({@code
 * sequence_number}, {@code block_type}, {@code block_name}, {@code specs}, optional {@code
 * block_id}) and the specs its type needs. The type is the registered name in {@code block_name}
 * or, failing that, in {@code block_type}.
 */
final class BlockSpec {
  static final Set<String> OPERATORS =
      Set.of("equals", "not_equals", "contains", "not_empty", "is_empty");

  private BlockSpec() {}

  static void read(JsonNode block, int index, Graph.Check check, Map<String, ObjectNode> byId,
      Map<String, BlockKind> kinds) {
    List<Object> at = List.of("blocks", index);
    if (!block.isObject()) {
      check.fail("dict_type", at, "Input should be a valid dictionary", block);
      return;
    }
    boolean ok = required(block, at, "sequence_number", JsonNode::isIntegralNumber, "int_type",
        "Input should be a valid integer", check);
    ok &= required(block, at, "block_type", JsonNode::isTextual, "string_type",
        "Input should be a valid string", check);
    ok &= required(block, at, "block_name", JsonNode::isTextual, "string_type",
        "Input should be a valid string", check);
    ok &= required(block, at, "specs", JsonNode::isObject, "dict_type",
        "Input should be a valid dictionary", check);
    JsonNode idNode = block.get("block_id");
    if (idNode != null && !idNode.isNull() && !idNode.isTextual()) {
      check.fail("string_type", with(at, "block_id"), "Input should be a valid string", idNode);
      ok = false;
    }
    if (!ok) {
      return;
    }
    String name = block.get("block_name").asText();
    BlockKind kind = BlockKind.of(name);
    if (kind == null) {
      kind = BlockKind.of(block.get("block_type").asText());
    }
    if (kind == null) {
      check.invalid(with(at, "block_name"), "unknown block '" + name + "'; the blocks are "
          + BlockKind.names(), block.get("block_name"));
      return;
    }
    String id = idNode == null || idNode.isNull() || idNode.asText().isBlank()
        ? "block-" + block.get("sequence_number").asInt()
        : idNode.asText();
    if (byId.containsKey(id)) {
      check.invalid(with(at, "block_id"), "two blocks have the id '" + id + "'", block);
      return;
    }
    if (specs(kind, (ObjectNode) block.get("specs"), with(at, "specs"), check)) {
      byId.put(id, (ObjectNode) block);
      kinds.put(id, kind);
    }
  }

  /** Checks the specs {@code kind} needs; true when they are valid. */
  static boolean specs(BlockKind kind, ObjectNode specs, List<Object> at, Graph.Check check) {
    switch (kind) {
      case WEBHOOK:
      case READ_CSV:
        JsonNode type = specs.get("dataframe_type");
        if (type == null || !type.isTextual()
            || !(type.asText().equals("LEAD") || type.asText().equals("COMPANY"))) {
          check.invalid(with(at, "dataframe_type"), kind.wire()
              + " needs specs.dataframe_type 'LEAD' or 'COMPANY', but it is "
              + (type == null ? "missing" : type.toString()), type == null ? specs : type);
          return false;
        }
        JsonNode schema = specs.get("input_schema");
        if (schema != null && !schema.isNull() && !schema.isObject()) {
          check.fail("dict_type", with(at, "input_schema"), "Input should be a valid dictionary",
              schema);
          return false;
        }
        return true;
      case FILTER:
        JsonNode column = specs.get("column");
        JsonNode operator = specs.get("operator");
        if (column == null || !column.isTextual() || column.asText().isBlank()) {
          check.invalid(with(at, "column"), "filter needs specs.column, the column to test",
              column == null ? specs : column);
          return false;
        }
        if (operator == null || !OPERATORS.contains(operator.asText())) {
          check.invalid(with(at, "operator"), "filter needs specs.operator, one of " + OPERATORS
              + ", but it is " + (operator == null ? "missing" : operator.toString()),
              operator == null ? specs : operator);
          return false;
        }
        return true;
      case DEDUPLICATE:
        JsonNode columns = specs.get("columns");
        if (columns != null && !columns.isNull()) {
          boolean strings = columns.isArray();
          for (JsonNode c : columns) {
            strings &= c.isTextual();
          }
          if (!strings) {
            check.invalid(with(at, "columns"), "deduplicate's specs.columns must be a list of "
                + "column names, but it is " + columns, columns);
            return false;
          }
        }
        return true;
      default:
        return true;
    }
  }

  private static boolean required(JsonNode block, List<Object> at, String field,
      Predicate<JsonNode> valid, String type, String msg, Graph.Check check) {
    JsonNode node = block.get(field);
    if (node == null) {
      check.fail("missing", with(at, field), "Field required", block);
      return false;
    }
    if (!valid.test(node)) {
      check.fail(type, with(at, field), msg, node);
      return false;
    }
    return true;
  }

  static List<Object> with(List<Object> at, Object more) {
    Object[] all = at.toArray(new Object[at.size() + 1]);
    all[at.size()] = more;
    return List.of(all);
  }
}
