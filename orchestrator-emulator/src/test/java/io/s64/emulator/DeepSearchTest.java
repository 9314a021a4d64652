package io.s64.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.jspecify.annotations.Nullable;

class DeepSearchTest {
  private static final String START = "/search/start-deep-search";
  private @Nullable Fixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void aStartIsQueuedThenRunsThroughThreeIterationsThenCompletesByTheClock() {
    fx = Fixture.start(b -> b.searchDuration(Duration.ofSeconds(100), Duration.ofSeconds(100)));
    Api.Reply started = fx.api.post(START, "{\"query\":\"VP Engineering in Berlin\"}");
    assertEquals(200, started.status());
    assertEquals("queued", started.json().get("status").asText());
    assertEquals("Search started successfully", started.json().get("message").asText());
    String taskId = started.json().get("task_id").asText();

    JsonNode queued = fx.status(taskId);
    assertEquals("queued", queued.get("status").asText());
    assertEquals("2030-01-01T00:00:00Z", queued.get("start_time").asText());
    assertEquals(1, queued.get("current_phase").asInt());
    assertTrue(queued.get("close_time").isNull());
    assertTrue(queued.get("total_results").isNull());
    assertTrue(queued.get("iterations").isNull());
    assertFalse(queued.get("search_id").asText().isEmpty(), "search_id is always present");

    fx.clock.advance(Duration.ofSeconds(1)); // queued for min(1s, duration / 10)
    assertEquals("running", fx.status(taskId).get("status").asText());
    fx.clock.advance(Duration.ofSeconds(50));
    JsonNode running = fx.status(taskId);
    assertEquals(2, running.get("current_phase").asInt());
    assertEquals("Searching (iteration 2 of 3)", running.get("progress_message").asText());
    assertEquals(1, running.get("iterations").size());
    assertTrue(running.get("resource_handle_id").isNull());

    fx.clock.advance(Duration.ofSeconds(49));
    JsonNode completed = fx.status(taskId);
    assertEquals("completed", completed.get("status").asText());
    assertEquals(3, completed.get("current_phase").asInt());
    assertEquals("2030-01-01T00:01:40Z", completed.get("close_time").asText());
    int total = completed.get("total_results").asInt();
    assertTrue(total >= 20 && total <= 200, "derived row count " + total);
    assertEquals(total, completed.get("exported_count").asInt());
    assertTrue(completed.get("resource_handle_id").asText().startsWith("rh_"));
    assertTrue(completed.get("error").isNull());
    assertEquals(3, completed.get("iterations").size());
    assertEquals(queued.get("search_id"), completed.get("search_id"));
  }

  @Test
  void theLegacyStatusPathAnswersLikeTheCurrentOne() {
    fx = Fixture.start();
    String taskId = fx.startSearch("{\"query\":\"cto\"}");
    assertEquals(fx.status(taskId), fx.api.get("/search/deep-search-status/" + taskId).json());
  }

  @Test
  void anUnknownTaskIs404() {
    fx = Fixture.start();
    Api.Reply reply = fx.api.get("/search/status/no-such-task");
    assertEquals(404, reply.status());
    assertEquals("Search task or export file not found.", reply.detail());
  }

  @Test
  void sixthConcurrentStartIsRejectedWith429WhileFiveRunAndSucceedsOnceOneCompletes() {
    fx = Fixture.start(b -> b.searchDuration(Duration.ofSeconds(10), Duration.ofSeconds(50)));
    List<String> tasks = IntStream.range(0, 5)
        .mapToObj(i -> fx.startSearch("{\"query\":\"search " + i + "\"}"))
        .collect(Collectors.toList());
    Api.Reply sixth = fx.api.post(START, "{\"query\":\"search 5\"}");
    assertEquals(429, sixth.status());
    assertEquals("Too many concurrent deep searches (limit 5 per organization)", sixth.detail());
    assertEquals("494", sixth.header("X-RateLimit-Remaining"), "it passed the rate limiter");

    fx.clock.advance(Duration.ofSeconds(9));
    assertEquals(429, fx.api.post(START, "{\"query\":\"search 5\"}").status());
    fx.clock.advance(Duration.ofSeconds(41));
    assertTrue(tasks.stream().map(t -> fx.status(t).get("status").asText())
        .anyMatch("completed"::equals), "one search completed");
    assertEquals(200, fx.api.post(START, "{\"query\":\"search 5\"}").status());

    EmulatorStats stats = fx.emulator.stats();
    assertEquals(2, stats.slotsBusy());
    assertEquals(0, stats.rateLimited());
    assertEquals(5, stats.peakConcurrentSearches());
    assertEquals(6, stats.searchesCreated());
  }

  @Test
  void aStartWithAKnownSearchIdReturnsTheSameTaskAndTakesNoSlot() {
    fx = Fixture.start(b -> b.slots(2));
    Api.Reply first = fx.api.post(START, "{\"query\":\"cto\",\"search_id\":\"client-1\"}");
    fx.startSearch("{\"query\":\"other\"}");
    fx.clock.advance(Duration.ofSeconds(5));
    Api.Reply replay = fx.api.post(START, "{\"query\":\"cto\",\"search_id\":\"client-1\"}");
    assertEquals(200, replay.status(), "a replay is answered even with every slot taken");
    assertEquals(first.json().get("task_id"), replay.json().get("task_id"));
    assertEquals("running", replay.json().get("status").asText(), "status as now");
    JsonNode status = fx.status(replay.json().get("task_id").asText());
    assertEquals("client-1", status.get("search_id").asText());

    EmulatorStats stats = fx.emulator.stats();
    assertEquals(3, stats.starts());
    assertEquals(1, stats.startsReplayed());
    assertEquals(2, stats.searchesCreated());
    assertEquals(2, stats.busySlots());
    assertEquals(2, fx.emulator.searches().size());
  }

  @Test
  void aStartReusingTheSearchIdOfAFilterSearchIs409() {
    fx = Fixture.start();
    String filterId = fx.api.post("/search/query", "{\"simple_filters\":{}}").json()
        .get("search_id").asText();
    Api.Reply reply = fx.api.post(START, "{\"query\":\"cto\",\"search_id\":\"" + filterId + "\"}");
    assertEquals(409, reply.status());
    assertTrue(reply.detail().contains(filterId), reply.detail());
    assertEquals(0, fx.emulator.stats().busySlots());
  }

  @Test
  void aQueryContainingFailmeEndsFailedWithAnErrorAndNoRows() {
    fx = Fixture.start();
    JsonNode failed = fx.completedSearch("{\"query\":\"founders FAILME\"}");
    assertEquals("failed", failed.get("status").asText());
    assertEquals("Search failed: upstream provider returned no results (FAILME)",
        failed.get("error").asText());
    assertTrue(failed.get("resource_handle_id").isNull());
    assertTrue(failed.get("total_results").isNull());
    assertFalse(failed.get("close_time").isNull());
    assertEquals(0, fx.emulator.searches().get(0).totalRows());
    assertEquals("failed", fx.emulator.searches().get(0).status());
  }

  @Test
  void queryOnlyOutputHasNoCsvHandleAndMaxResultsCapsTheRows() {
    fx = Fixture.start();
    JsonNode done = fx.completedSearch(
        "{\"query\":\"cto\",\"output_mode\":\"query_only\",\"max_results\":7}");
    assertEquals("completed", done.get("status").asText());
    assertTrue(done.get("resource_handle_id").isNull());
    assertEquals(7, done.get("total_results").asInt());
    assertEquals(0, done.get("exported_count").asInt());
  }

  @Test
  void searchDurationsAreDrawnWithinTheConfiguredRange() {
    fx = Fixture.start(b -> b.slots(20)
        .searchDuration(Duration.ofSeconds(30), Duration.ofSeconds(120)));
    for (int i = 0; i < 20; i++) {
      fx.startSearch("{\"query\":\"q" + i + "\"}");
    }
    List<Duration> durations = fx.emulator.searches().stream()
        .map(r -> Duration.between(r.createdAt(), r.endsAt())).collect(Collectors.toList());
    assertTrue(durations.stream().allMatch(d -> d.getSeconds() >= 30 && d.getSeconds() <= 120),
        durations.toString());
    assertTrue(durations.stream().distinct().count() > 1, "durations vary: " + durations);
  }

  @ParameterizedTest(name = "{0} -> {1} at {2}")
  @CsvSource(delimiter = '|', value = {
      "{\"mode\":\"people\"}                          | missing            | query",
      "{\"query\":5}                                  | string_type        | query",
      "{\"query\":\"   \"}                            | value_error        | query",
      "{\"query\":\"cto\",\"mode\":\"robots\"}        | enum               | mode",
      "{\"query\":\"cto\",\"max_results\":0}          | greater_than_equal | max_results",
      "{\"query\":\"cto\",\"max_results\":\"ten\"}    | int_type           | max_results",
      "{\"query\":\"cto\",\"max_results\":2.5}        | int_from_float     | max_results",
      "{\"query\":\"cto\",\"output_mode\":\"pdf\"}    | enum               | output_mode",
      "{\"query\":\"cto\",\"search_id\":7}            | string_type        | search_id",
      "{\"query\":\"cto\",\"exclude_list_ids\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]}"
          + " | too_long | exclude_list_ids",
      "{\"query\":\"cto\",\"exclude_entity_ids\":\"x\"} | list_type        | exclude_entity_ids"
  })
  void anInvalidBodyIsA422InPydanticShapeNamingTheField(String body, String type, String field) {
    fx = Fixture.start();
    Api.Reply reply = fx.api.post(START, body);
    assertEquals(422, reply.status(), reply.body());
    JsonNode error = reply.json().get("detail").get(0);
    assertEquals(type, error.get("type").asText());
    assertEquals("body", error.get("loc").get(0).asText());
    assertEquals(field, error.get("loc").get(1).asText());
    assertFalse(error.get("msg").asText().isEmpty());
    assertTrue(error.has("input"));
    assertEquals(List.of(), fx.emulator.searches());
  }

  @Test
  void tooManyExcludedIdsAre422TooLong() {
    fx = Fixture.start();
    String ids = IntStream.range(0, 1001).mapToObj(i -> "\"id" + i + "\"")
        .collect(Collectors.joining(",", "[", "]"));
    JsonNode error = fx.api.post(START, "{\"query\":\"cto\",\"exclude_public_ids\":" + ids + "}")
        .json().get("detail").get(0);
    assertEquals("too_long", error.get("type").asText());
    assertEquals(1000, error.get("ctx").get("max_length").asInt());
    assertEquals(1001, error.get("ctx").get("actual_length").asInt());
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"{\"query\":", "not json", "{\"query\":\"a\"} trailing", "{'query':'a'}"})
  void malformedJsonIsA422JsonInvalidWithThePositionNeverA500(String body) {
    fx = Fixture.start();
    Api.Reply reply = fx.api.post(START, body);
    assertEquals(422, reply.status(), reply.body());
    JsonNode error = reply.json().get("detail").get(0);
    assertEquals("json_invalid", error.get("type").asText());
    assertEquals("JSON decode error", error.get("msg").asText());
    assertEquals("body", error.get("loc").get(0).asText());
    assertTrue(error.get("loc").get(1).isInt());
    assertFalse(error.get("ctx").get("error").asText().contains("Source"), error.toString());
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', value = {
      "'' | missing", "[1,2] | model_attributes_type", "\"cto\" | model_attributes_type"})
  void anEmptyOrNonObjectBodyIsA422OnTheBody(String body, String type) {
    fx = Fixture.start();
    Api.Reply reply = fx.api.post(START, body);
    assertEquals(422, reply.status());
    JsonNode error = reply.json().get("detail").get(0);
    assertEquals(type, error.get("type").asText());
    assertEquals(1, error.get("loc").size());
  }

  @Test
  void withProgressHintsOffARunningSearchShowsTheSameUninformativeStatusThroughout() {
    fx = Fixture.start(b -> b.searchDuration(Duration.ofSeconds(100), Duration.ofSeconds(100))
        .progressHints(false));
    String taskId = fx.startSearch("{\"query\":\"cto\"}");
    fx.clock.advance(Duration.ofSeconds(5));
    JsonNode early = fx.status(taskId);
    fx.clock.advance(Duration.ofSeconds(90));
    JsonNode late = fx.status(taskId);
    assertEquals("running", late.get("status").asText());
    assertEquals(early, late);
    assertTrue(late.get("current_phase").isNull());
    assertTrue(late.get("iterations").isNull());
    assertEquals("Searching", late.get("progress_message").asText());
    fx.clock.advance(Duration.ofSeconds(5));
    JsonNode completed = fx.status(taskId);
    assertEquals("completed", completed.get("status").asText());
    assertEquals("2030-01-01T00:01:40Z", completed.get("close_time").asText());
  }

  @Test
  void theSearchListCountsStatusPollsAndWhenTheEndWasFirstSeen() {
    fx = Fixture.start(b -> b.searchDuration(Duration.ofSeconds(60), Duration.ofSeconds(60)));
    String taskId = fx.startSearch("{\"query\":\"cto\"}");
    fx.clock.advance(Duration.ofSeconds(30));
    fx.status(taskId);
    fx.clock.advance(Duration.ofSeconds(35));
    fx.status(taskId);
    fx.clock.advance(Duration.ofSeconds(10));
    fx.status(taskId);
    SearchRecord record = fx.emulator.searches().get(0);
    assertEquals(3, record.statusPolls());
    assertEquals(record.createdAt().plusSeconds(65), record.terminalSeenAt());
    JsonNode listed = fx.api.get("/_emulator/searches").json().get(0);
    assertEquals(3, listed.get("status_polls").asInt());
    assertEquals("2030-01-01T00:01:05Z", listed.get("terminal_seen_at").asText());
  }
}
