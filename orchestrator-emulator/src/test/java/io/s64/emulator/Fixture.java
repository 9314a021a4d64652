package io.s64.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * An emulator on a free port driven by a {@link ManualClock} standing at a whole minute, with a
 * client holding a valid key. Searches run 60s, exports 10s, enrichment jobs 60s. Close it after
 * each test.
 */
final class Fixture implements AutoCloseable {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  static final String PEOPLE = "/people-intelligence-async";
  static final String COMPANY = "/company-intelligence-async";

  final ManualClock clock = ManualClock.at(T0);
  final Emulator emulator;
  final Api api;

  private Fixture(UnaryOperator<EmulatorConfig.Builder> settings) {
    EmulatorConfig.Builder builder = EmulatorConfig.builder()
        .port(0)
        .clock(clock)
        .searchDuration(Duration.ofSeconds(60), Duration.ofSeconds(60))
        .exportDuration(Duration.ofSeconds(10), Duration.ofSeconds(10))
        .enrichDuration(Duration.ofSeconds(60), Duration.ofSeconds(60));
    this.emulator = Emulator.start(settings.apply(builder).build());
    this.api = new Api(emulator.baseUrl(), Api.KEY);
  }

  static Fixture start() {
    return new Fixture(b -> b);
  }

  static Fixture start(UnaryOperator<EmulatorConfig.Builder> settings) {
    return new Fixture(settings);
  }

  /** Starts a deep search and returns its task id. */
  String startSearch(String body) {
    Api.Reply reply = api.post("/search/start-deep-search", body);
    if (reply.status() != 200) {
      throw new AssertionError("start failed: " + reply.status() + " " + reply.body());
    }
    return reply.json().get("task_id").asText();
  }

  JsonNode status(String taskId) {
    Api.Reply reply = api.get("/search/status/" + taskId);
    if (reply.status() != 200) {
      throw new AssertionError("status failed: " + reply.status() + " " + reply.body());
    }
    return reply.json();
  }

  /** Starts a search with {@code query}, lets it complete, and returns its final status. */
  JsonNode completedSearch(String body) {
    String taskId = startSearch(body);
    clock.advance(Duration.ofMinutes(5));
    return status(taskId);
  }

  /** Starts an enrichment job ({@link #PEOPLE} or {@link #COMPANY}) and returns its task id. */
  String startJob(String path, String body) {
    Api.Reply reply = api.post(path, body);
    if (reply.status() != 200) {
      throw new AssertionError("job start failed: " + reply.status() + " " + reply.body());
    }
    return reply.json().get("task_id").asText();
  }

  /** The 200 body of {@code /job-status/{taskId}}. */
  JsonNode job(String taskId) {
    Api.Reply reply = api.get("/job-status/" + taskId);
    if (reply.status() != 200) {
      throw new AssertionError("job-status failed: " + reply.status() + " " + reply.body());
    }
    return reply.json();
  }

  @Override
  public void close() {
    emulator.close();
  }
}
