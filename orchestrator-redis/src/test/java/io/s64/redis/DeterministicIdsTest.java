package io.s64.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.s64.model.DeepSearchRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeterministicIdsTest {
  private final DeepSearchRequest request = DeepSearchRequest.of("CTOs of fintechs in Berlin");

  @Test
  void sameQueueJobAndRequestGiveTheSameSearchId() {
    String first = DeterministicIds.searchId("q", "job-1", request);
    String again = DeterministicIds.searchId("q", "job-1", DeepSearchRequest.of("CTOs of fintechs in Berlin"));
    assertEquals(first, again);
    assertEquals(8, UUID.fromString(first).version());
  }

  @Test
  void theRequestsOwnSearchIdIsNotAnInput() {
    assertEquals(DeterministicIds.searchId("q", "job-1", request),
        DeterministicIds.searchId("q", "job-1", request.withSearchId("whatever")));
  }

  @Test
  void everyInputChangesTheId() {
    Set<String> ids = new HashSet<>(List.of(
        DeterministicIds.searchId("q", "job-1", request),
        DeterministicIds.searchId("q2", "job-1", request),
        DeterministicIds.searchId("q", "job-2", request),
        DeterministicIds.searchId("q", "job-1", DeepSearchRequest.of("CTOs of fintechs in Munich")),
        DeterministicIds.searchId("q", "job-1", request.withMaxResults(10)),
        // field boundaries are unambiguous: "q"+"job-1" is not "qj"+"ob-1"
        DeterministicIds.searchId("qj", "ob-1", request)));
    assertEquals(6, ids.size());
  }

  @Test
  void idempotencyKeysFollowTheSameRule() {
    assertEquals(DeterministicIds.idempotencyKey("q", "job-1", "wf", "0"),
        DeterministicIds.idempotencyKey("q", "job-1", "wf", "0"));
    assertNotEquals(DeterministicIds.idempotencyKey("q", "job-1", "wf", "0"),
        DeterministicIds.idempotencyKey("q", "job-1", "wf", "1"));
    assertNotEquals(DeterministicIds.idempotencyKey("q", "job-1", "wf0"),
        DeterministicIds.idempotencyKey("q", "job-1", "wf", "0"));
  }
}
