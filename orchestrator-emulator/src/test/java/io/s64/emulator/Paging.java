package io.s64.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Pages a query to its end the way a correct client does: by {@code {"cursor": ...}} alone. */
final class Paging {
  static final String QUERY = "/search/query";

  /** Every page of one query and the row ids in the order served. */
  record Result(List<JsonNode> pages, List<String> ids) {
    JsonNode last() {
      return pages.get(pages.size() - 1);
    }
  }

  private Paging() {}

  static Result all(Api api, String firstBody) {
    List<JsonNode> pages = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    Api.Reply reply = api.post(QUERY, firstBody);
    while (true) {
      if (reply.status() != 200) {
        throw new AssertionError(
            "page " + (pages.size() + 1) + ": " + reply.status() + " " + reply.body());
      }
      JsonNode page = reply.json();
      pages.add(page);
      page.get("results").forEach(row -> ids.add(row.get("id").asText()));
      if (!page.get("has_more").asBoolean()) {
        return new Result(pages, ids);
      }
      if (pages.size() > 10_000) {
        throw new AssertionError("paging does not end");
      }
      reply = api.post(QUERY, cursorBody(page.get("next_cursor").asText()));
    }
  }

  static String cursorBody(String cursor) {
    return "{\"cursor\":\"" + cursor + "\"}";
  }
}
