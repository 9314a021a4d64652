package io.s64.emulator;

import static io.s64.emulator.Paging.QUERY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.jspecify.annotations.Nullable;

class QueryPagingTest {
  private static final String FILTER =
      "{\"simple_filters\":{\"hq_country_iso2\":{\"$eq\":\"US\"}},\"page_size\":7}";
  private @Nullable Fixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void cursorOnlyPagingReachesTheEndWithRowsEqualToTheFinalTotalAndNoDuplicates() {
    fx = Fixture.start(b -> b.results(50));
    Paging.Result result = Paging.all(fx.api, FILTER);
    assertEquals(8, result.pages().size());
    assertEquals(50, result.ids().size());
    assertEquals(50, new HashSet<>(result.ids()).size(), "no duplicate ids");
    JsonNode last = result.last();
    assertEquals(50, last.get("total_results").asInt(), "total_results is cumulative");
    assertTrue(last.get("next_cursor").isNull());
    assertEquals(8, last.get("total_pages").asInt());
    assertEquals(0, last.get("remaining_results").asInt());
    assertEquals(1, last.get("page_count").asInt());
    for (JsonNode page : result.pages().subList(0, 7)) {
      assertTrue(page.get("total_pages").isNull(), "total_pages only on the last page");
      assertEquals(7, page.get("page_count").asInt());
      assertEquals(900, page.get("cursor_expires_in_seconds").asInt());
    }
    assertEquals(3, result.pages().get(2).get("page_number").asInt());
    assertEquals(21, result.pages().get(2).get("total_results").asInt());
    assertEquals(143, result.pages().get(0).get("max_pages").asInt(), "ceil(1000 / 7)");
    String searchId = result.last().get("search_id").asText();
    assertEquals(50L, fx.emulator.stats().rowsServed().get(searchId));
    assertEquals(50L, fx.emulator.stats().rowsTotal().get(searchId));
  }

  @Test
  void withShortPagesAnEmptyPageComesMidwayWhileHasMoreStaysTrueAndNoRowIsLost() {
    fx = Fixture.start(b -> b.results(50).shortPages(true));
    Paging.Result result = Paging.all(fx.api, FILTER);
    JsonNode second = result.pages().get(1);
    assertEquals(0, second.get("page_count").asInt());
    assertEquals(0, second.get("results").size());
    assertTrue(second.get("has_more").asBoolean());
    assertEquals(7, second.get("total_results").asInt());
    assertEquals(3, result.pages().get(2).get("page_count").asInt(), "every third page: half");
    assertEquals(50, result.ids().size());
    assertEquals(50, new HashSet<>(result.ids()).size());
    assertEquals(50, result.last().get("total_results").asInt());
    assertEquals(result.pages().size(), result.last().get("total_pages").asInt());
    long shortPages = result.pages().stream().filter(p -> p.get("has_more").asBoolean()
        && p.get("page_count").asInt() < p.get("page_size").asInt()).count();
    assertTrue(shortPages >= 2, "the empty page and at least one half page: " + shortPages);
    assertEquals(shortPages, fx.emulator.stats().shortPages(), "every short page counted");
  }

  @Test
  void withoutShortPagesTheRowsAreTheSameAsWithThem() {
    fx = Fixture.start(b -> b.results(40));
    List<String> full = Paging.all(fx.api, FILTER).ids();
    fx.close();
    fx = Fixture.start(b -> b.results(40).shortPages(true));
    assertEquals(full, Paging.all(fx.api, FILTER).ids());
  }

  @Test
  void aCompletedDeepSearchPagesBySearchIdThroughExactlyItsRows() {
    fx = Fixture.start();
    JsonNode status = fx.completedSearch("{\"query\":\"CTOs in Kraków\",\"search_id\":\"s-1\"}");
    int total = status.get("total_results").asInt();
    Paging.Result result = Paging.all(fx.api, "{\"search_id\":\"s-1\",\"page_size\":25}");
    assertEquals(total, result.ids().size());
    assertEquals(total, new HashSet<>(result.ids()).size());
    assertEquals("s-1", result.last().get("search_id").asText());
    assertEquals("CTOs in Kraków", result.last().get("natural_language_query").asText());
    assertEquals(total, result.last().get("total_available").asInt(), "people mode");
    assertEquals((long) total, fx.emulator.stats().rowsServed().get("s-1"));
    JsonNode first = result.pages().get(0).get("results").get(0);
    assertEquals(List.of("id", "full_name", "title", "company", "location", "linkedin_url"),
        fieldNames(first));
  }

  @Test
  void theParsedQueryOfADeepSearchGivesItsRowsBack() {
    fx = Fixture.start();
    fx.completedSearch("{\"query\":\"data engineers\",\"search_id\":\"deep\"}");
    JsonNode deep = fx.api.post(QUERY, "{\"search_id\":\"deep\"}").json();
    assertEquals("{\"query\":\"data engineers\"}", deep.get("parsed_query").toString());
    JsonNode again = fx.api.post(QUERY,
        "{\"parsed_query\":" + deep.get("parsed_query") + ",\"mode\":\"people\"}").json();
    assertEquals(ids(deep), ids(again));
    JsonNode natural = fx.api.post(QUERY, "{\"query\":\"data engineers\"}").json();
    assertEquals(ids(deep), ids(natural));
  }

  @Test
  void maxResultsCapsThePagingOfASearch() {
    fx = Fixture.start(b -> b.results(30));
    Paging.Result result = Paging.all(fx.api,
        "{\"filters\":{\"term\":{\"industry\":\"Retail\"}},\"page_size\":4,\"max_results\":10}");
    assertEquals(10, result.ids().size());
    assertEquals(3, result.pages().get(0).get("max_pages").asInt());
    assertEquals(6, result.pages().get(0).get("remaining_results").asInt());
  }

  @ParameterizedTest(name = "cursor with {0}")
  @ValueSource(strings = {"\"search_id\":\"s\"", "\"page_size\":10", "\"mode\":\"company\"",
      "\"simple_filters\":{}"})
  void aCursorSentWithAnyOtherFieldIs400(String other) {
    fx = Fixture.start();
    String cursor = fx.api.post(QUERY, FILTER).json().get("next_cursor").asText();
    Api.Reply reply = fx.api.post(QUERY, "{\"cursor\":\"" + cursor + "\"," + other + "}");
    assertEquals(400, reply.status());
    assertEquals("Cursor requests must send only {\"cursor\": ...}.", reply.detail());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"{}", "{\"page_size\":10}",
      "{\"search_id\":\"s\",\"simple_filters\":{}}",
      "{\"filters\":{},\"parsed_query\":{}}",
      "{\"query\":\"cto\",\"simple_filters\":{\"a\":1},\"mode\":\"people\"}"})
  void noQuerySourceOrMoreThanOneIs400(String body) {
    fx = Fixture.start();
    Api.Reply reply = fx.api.post(QUERY, body);
    assertEquals(400, reply.status());
    assertEquals("Provide exactly one query source: search_id, simple_filters, filters, "
        + "parsed_query or query.", reply.detail());
  }

  @ParameterizedTest(name = "page_size {0}")
  @CsvSource({"0, greater_than_equal, ge, 1", "101, less_than_equal, le, 100",
      "-5, greater_than_equal, ge, 1"})
  void aPageSizeOutsideOneToHundredIs422NamingPageSize(
      int size, String type, String bound, int limit) {
    fx = Fixture.start();
    Api.Reply reply = fx.api.post(QUERY, "{\"simple_filters\":{},\"page_size\":" + size + "}");
    assertEquals(422, reply.status());
    JsonNode error = reply.json().get("detail").get(0);
    assertEquals(List.of("body", "page_size"), texts(error.get("loc")));
    assertEquals(type, error.get("type").asText());
    assertEquals(limit, error.get("ctx").get(bound).asInt());
    assertEquals(size, error.get("input").asInt());
  }

  @Test
  void malformedJsonIsA422NotA500() {
    fx = Fixture.start();
    Api.Reply reply = fx.api.post(QUERY, "{\"cursor\": abc}");
    assertEquals(422, reply.status());
    assertEquals("json_invalid", reply.json().get("detail").get(0).get("type").asText());
  }

  @Test
  void aCursorExpiresAfterItsTtl() {
    fx = Fixture.start(b -> b.cursorTtl(Duration.ofSeconds(30)));
    String cursor = fx.api.post(QUERY, FILTER).json().get("next_cursor").asText();
    fx.clock.advance(Duration.ofSeconds(29));
    assertEquals(200, fx.api.post(QUERY, Paging.cursorBody(cursor)).status());
    fx.clock.advance(Duration.ofSeconds(1));
    Api.Reply expired = fx.api.post(QUERY, Paging.cursorBody(cursor));
    assertEquals(400, expired.status());
    assertEquals("Cursor expired or invalid", expired.detail());
    assertEquals(1, fx.emulator.stats().cursorsRefused());
  }

  @Test
  void anUnknownCursorIs400() {
    fx = Fixture.start();
    assertEquals("Cursor expired or invalid",
        fx.api.post(QUERY, Paging.cursorBody("bm90LWEtY3Vyc29y")).detail());
    assertEquals(1, fx.emulator.stats().cursorsRefused());
  }

  @Test
  void aReplayedCursorReturnsTheSamePageAndTheSameNextCursor() {
    fx = Fixture.start();
    String cursor = fx.api.post(QUERY, FILTER).json().get("next_cursor").asText();
    JsonNode once = fx.api.post(QUERY, Paging.cursorBody(cursor)).json();
    fx.clock.advance(Duration.ofSeconds(5));
    JsonNode again = fx.api.post(QUERY, Paging.cursorBody(cursor)).json();
    assertEquals(once.get("results"), again.get("results"));
    assertEquals(once.get("next_cursor"), again.get("next_cursor"));
    assertEquals(2, again.get("page_number").asInt());
  }

  @Test
  void anUnknownSearchIdIs404() {
    fx = Fixture.start();
    Api.Reply reply = fx.api.post(QUERY, "{\"search_id\":\"nope\"}");
    assertEquals(404, reply.status());
    assertEquals("Search not found or has no parsed_query.", reply.detail());
  }

  @Test
  void aDeepSearchNotYetCompletedOrFailedIs400() {
    fx = Fixture.start();
    fx.startSearch("{\"query\":\"cto\",\"search_id\":\"running\"}");
    assertEquals("Search is not completed yet.",
        fx.api.post(QUERY, "{\"search_id\":\"running\"}").detail());
    fx.completedSearch("{\"query\":\"cto FAILME\",\"search_id\":\"failed\"}");
    Api.Reply failed = fx.api.post(QUERY, "{\"search_id\":\"failed\"}");
    assertEquals(400, failed.status());
    assertTrue(failed.detail().contains("FAILME"), failed.detail());
  }

  @Test
  void theSameFilterGivesTheSameRowsAndItsParsedQueryRoundTrips() {
    fx = Fixture.start();
    JsonNode first = fx.api.post(QUERY,
        "{\"simple_filters\":{\"b\":2,\"a\":{\"$gte\":1}},\"page_size\":5}").json();
    JsonNode reordered = fx.api.post(QUERY,
        "{\"page_size\":5,\"simple_filters\":{\"a\":{\"$gte\":1},\"b\":2}}").json();
    assertEquals(ids(first), ids(reordered));
    assertNotEquals(first.get("search_id"), reordered.get("search_id"), "each query: a new search");
    JsonNode replayed = fx.api.post(QUERY,
        "{\"parsed_query\":" + first.get("parsed_query") + ",\"page_size\":5}").json();
    assertEquals(ids(first), ids(replayed));
    JsonNode bySearchId = fx.api.post(QUERY,
        "{\"search_id\":\"" + first.get("search_id").asText() + "\",\"page_size\":5}").json();
    assertEquals(ids(first), ids(bySearchId));
    assertEquals("company", fx.emulator.searches().get(0).mode());
    assertEquals("filter", fx.emulator.searches().get(0).kind());
  }

  @Test
  void anotherSeedGivesOtherRows() {
    fx = Fixture.start(b -> b.seed(1));
    List<String> one = ids(fx.api.post(QUERY, FILTER).json());
    fx.close();
    fx = Fixture.start(b -> b.seed(2));
    assertNotEquals(one, ids(fx.api.post(QUERY, FILTER).json()));
  }

  @Test
  void aNaturalLanguageQueryIsPeopleModeAndEchoed() {
    fx = Fixture.start();
    JsonNode page = fx.api.post(QUERY, "{\"query\":\"designers in Zürich\"}").json();
    assertEquals("designers in Zürich", page.get("natural_language_query").asText());
    assertTrue(page.get("results").get(0).has("full_name"));
    assertTrue(page.get("total_available").isInt());
    Api.Reply company = fx.api.post(QUERY, "{\"query\":\"designers\",\"mode\":\"company\"}");
    assertEquals(400, company.status());
  }

  @Test
  void rowsCarryNonAsciiTextAndAFieldWithACommaAQuoteAndANewline() {
    fx = Fixture.start();
    JsonNode rows = fx.api.post(QUERY, "{\"query\":\"anyone\"}").json().get("results");
    assertEquals("José Müller", rows.get(0).get("full_name").asText());
    assertEquals("Head of \"Growth\", EMEA\nRemote", rows.get(1).get("title").asText());
    JsonNode companies = fx.api.post(QUERY, FILTER).json().get("results");
    assertTrue(companies.get(0).get("employees_count").isInt());
    assertEquals("Software, \"SaaS\"\nB2B", companies.get(1).get("industry").asText());
  }

  private static List<String> ids(JsonNode page) {
    return texts(page.get("results").findValues("id"));
  }

  private static List<String> texts(Iterable<JsonNode> nodes) {
    List<String> out = new ArrayList<>();
    nodes.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
