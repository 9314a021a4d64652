package io.s64.emulator.rows;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One result row. The JSON object is shared by every response that carries the row and is never
 * modified after creation.
 *
 * @param id the row id, unique within its search
 * @param fields the row as JSON, its fields in {@link Mode#columns()} order
 */
public record Row(String id, ObjectNode fields) {}
