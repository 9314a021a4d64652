package io.s64.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.s64.http.HttpTransport.Response;
import io.s64.model.SearchStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /search/status} bodies: the progress fields, read strictly where s64 needs them only. */
class SearchStatusDecodeTest {

  private static SearchStatus decode(String body) {
    return Decode.status(new Response(200, Map.of(), body.getBytes(StandardCharsets.UTF_8)), "GET /search/status/t");
  }

  @Test
  void readsThePhaseTheProgressMessageAndEveryIteration() {
    SearchStatus s = decode("{\"task_id\":\"t\",\"status\":\"running\",\"start_time\":\"2030-01-01T00:00:00Z\","
        + "\"current_phase\":2,\"progress_message\":\"Searching (iteration 3 of 3)\",\"iterations\":["
        + "{\"iteration\":1,\"results\":40,\"elapsed_ms\":9000,\"message\":\"Iteration 1: 40 candidates so far\"},"
        + "{\"iteration\":2,\"results\":80,\"elapsed_ms\":21000,\"message\":\"Iteration 2\",\"extra\":[1,2]}]}");
    assertEquals(2, s.currentPhase());
    assertEquals("Searching (iteration 3 of 3)", s.progressMessage());
    assertEquals(2, s.iterations().size());
    assertEquals(Map.of("iteration", 1L, "results", 40L, "elapsed_ms", 9000L,
        "message", "Iteration 1: 40 candidates so far"), s.iterations().get(0));
    assertEquals(List.of(1L, 2L), s.iterations().get(1).get("extra"), "fields the contract does not name are kept");
  }

  @Test
  void noIterationsReadAsNone() {
    SearchStatus absent = decode("{\"task_id\":\"t\",\"status\":\"queued\"}");
    assertEquals(List.of(), absent.iterations());
    assertNull(absent.currentPhase());
    assertNull(absent.progressMessage());
    assertEquals(List.of(), decode("{\"task_id\":\"t\",\"status\":\"queued\",\"iterations\":null}").iterations());
  }

  @Test
  void malformedIterationsDoNotFailThePoll() {
    // Debug data s64 only displays: a server that sends something else must not fail the search.
    assertEquals(List.of(), decode("{\"task_id\":\"t\",\"status\":\"running\",\"iterations\":\"3\"}").iterations());
    assertEquals(List.of(Map.of("iteration", 1L)),
        decode("{\"task_id\":\"t\",\"status\":\"running\",\"iterations\":[7,{\"iteration\":1},null]}").iterations());
  }

  @Test
  void theIterationsCannotBeChangedByTheReader() {
    SearchStatus s = decode("{\"task_id\":\"t\",\"status\":\"running\",\"iterations\":[{\"iteration\":1}]}");
    assertThrows(UnsupportedOperationException.class, () -> s.iterations().clear());
    assertThrows(UnsupportedOperationException.class, () -> s.iterations().get(0).put("iteration", 9));
  }
}
