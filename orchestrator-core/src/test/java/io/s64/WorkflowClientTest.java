package io.s64;

import static io.s64.ScriptedTransport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.error.ApiException;
import io.s64.error.ConfigurationException;
import io.s64.error.TransportException;
import io.s64.model.Workflows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The Workflows calls of the client, on virtual time against a scripted server. */
class WorkflowClientTest {
  private static final String KEY = "sk_test_workflows_0123";
  private static final String STARTED =
      "{\"status\":\"queued\",\"workflow_id\":\"wf-1\",\"job_id\":\"run-1\",\"already_started\":%s}";

  private VirtualTimeScheduler clock;
  private ScriptedTransport server;
  private Sixtyfour api;

  @BeforeEach
  void setUp() {
    clock = VirtualTimeScheduler.create();
    clock.advanceTimeTo(Instant.parse("2026-11-22T10:00:00Z"));
    server = new ScriptedTransport(clock);
    api = Sixtyfour.builder().apiKey(KEY).transport(server).scheduler(clock)
        .retry(RetryPolicy.defaults()).build();
  }

  @Test
  void aStartWhoseAnswerWasLostIsSentAgainWithTheSameIdempotencyKey() {
    server.thenFail(new TransportException("POST /workflows/run: connection reset", true, null))
        .then(json(502, "<html>bad gateway</html>"))
        .then(json(200, String.format(STARTED, "true")));
    Workflows.RunRequest run = Workflows.RunRequest.of("wf-1", List.of(Map.of("name", "Ada")))
        .withIdempotencyKey("job-7-chunk-1-abc");

    StepVerifier.withVirtualTime(() -> api.runWorkflow(run), () -> clock, Long.MAX_VALUE)
        .thenAwait(Duration.ofMinutes(5))
        .assertNext(started -> {
          assertEquals("run-1", started.runId());
          assertTrue(started.alreadyStarted());
        })
        .verifyComplete();

    List<ScriptedTransport.Sent> sent = server.sent();
    assertEquals(3, sent.size());
    for (ScriptedTransport.Sent s : sent) {
      assertEquals("/workflows/run?workflow_id=wf-1&save_json=false", s.path());
      assertEquals("job-7-chunk-1-abc", s.headers().get("Idempotency-Key"));
      assertEquals("{\"webhook_payload\":[{\"name\":\"Ada\"}]}", s.body());
    }
  }

  @Test
  void aStartWithoutAKeyIsNotSentAgainAfterALostAnswer() {
    server.thenFail(new TransportException("POST /workflows/run: connection reset", true, null))
        .then(json(200, String.format(STARTED, "false")));
    StepVerifier.withVirtualTime(() -> api.runWorkflow(Workflows.RunRequest.of("wf-1", List.of())),
            () -> clock, Long.MAX_VALUE)
        .thenAwait(Duration.ofMinutes(5))
        .expectError(TransportException.class)
        .verify(Duration.ofSeconds(5));
    assertEquals(1, server.sent().size(), "one start only: a second could pay twice");
  }

  @Test
  void theSeedsErrorsArriveTypedWithTheServersDetail() {
    server.then(json(400, "{\"detail\":\"webhook_payload is missing required column 'email'\"}"))
        .then(json(404, "{\"detail\":\"Workflow not found\"}"))
        .then(json(422, "{\"detail\":[{\"loc\":[\"body\",\"workflow_definition\",\"blocks\"],"
            + "\"msg\":\"a workflow needs at least one block\",\"type\":\"value_error\"}]}"));
    ApiException missing = (ApiException) assertThrows(ApiException.class, () -> api.runWorkflow(
        Workflows.RunRequest.of("wf-1", List.of(Map.of("name", "Ada")))).block(Duration.ofSeconds(5)));
    assertEquals(400, missing.status());
    assertTrue(missing.detail().contains("'email'"), missing.detail());
    ApiException unknown = assertThrows(ApiException.class,
        () -> api.workflow("nope").block(Duration.ofSeconds(5)));
    assertEquals(404, unknown.status());
    assertTrue(unknown.getMessage().contains("Workflow not found"), unknown.getMessage());
    ApiException invalid = assertThrows(ApiException.class, () -> api.createWorkflow(
        new Workflows.NewWorkflow("x", "y", new Workflows.Graph(List.of(), List.of()), null))
        .block(Duration.ofSeconds(5)));
    assertEquals(422, invalid.status());
    assertTrue(invalid.detail().contains("blocks"), invalid.detail());
    assertEquals(3, server.sent().size(), "4xx answers are final");
  }

  @Test
  void liveStatusIsReadWithItsBlocks() {
    server.then(json(200, "{\"run_id\":\"run-1\",\"workflow_id\":\"wf-1\",\"overall_status\":\"Running\","
        + "\"current_block\":\"find_email\",\"total_blocks\":3,\"completed_blocks\":1,"
        + "\"overall_progress_percentage\":41.5,\"last_updated\":\"2030-01-01T00:00:00Z\",\"blocks\":["
        + "{\"block_name\":\"webhook\",\"sequence_number\":1,\"status\":\"completed\",\"processed_count\":10,"
        + "\"total_count\":10,\"progress_percentage\":100,\"last_updated\":\"x\",\"metrics\":{}},"
        + "{\"block_name\":\"find_email\",\"sequence_number\":2,\"status\":\"failed\",\"processed_count\":3,"
        + "\"total_count\":10,\"progress_percentage\":30,\"error_message\":\"provider timeout\","
        + "\"last_updated\":\"x\",\"metrics\":{}}],\"new_field\":1}"));
    Workflows.LiveStatus s = api.workflowLiveStatus("run-1").block(Duration.ofSeconds(5));
    assertEquals(Workflows.State.RUNNING, s.state());
    assertFalse(s.isTerminal());
    assertEquals(13, s.processed());
    assertEquals("find_email", s.current().blockName());
    assertEquals("provider timeout", s.failedBlocks().get(0).errorMessage());
    assertEquals(41.5, s.overallProgress());
    assertEquals("/workflows/runs/run-1/live_status", server.sent().get(0).path());
  }

  @Test
  void runsAndResultLinksSendOnlyTheParametersGiven() {
    server.then(json(200, "[{\"job_id\":\"r1\",\"workflow_id\":\"wf-1\",\"status\":\"running\"}]"))
        .then(json(200, "[{\"filename\":\"out.csv\",\"storage_bucket\":\"b\",\"row_count\":5,"
            + "\"download_url\":\"http://127.0.0.1:1/f?sig=secret\",\"download_expires_in_seconds\":900}]"));
    List<Workflows.Run> runs = api.workflowRuns("active", null, 50).block(Duration.ofSeconds(5));
    assertEquals("r1", runs.get(0).runId());
    assertEquals(Workflows.State.RUNNING, runs.get(0).state());
    List<Workflows.ResultFile> files = api.workflowResults("r1", "ndjson").block(Duration.ofSeconds(5));
    assertEquals(5, files.get(0).rowCount());
    assertFalse(files.get(0).toString().contains("secret"), "a signed URL never shows");
    assertNull(files.get(0).inline());
    assertEquals(List.of("/workflows/runs?status=active&limit=50",
            "/workflows/runs/r1/results/download-links?format=ndjson"),
        server.sent().stream().map(ScriptedTransport.Sent::path).collect(Collectors.toList()));
  }

  @Test
  void badArgumentsNameTheParameterAndTheValue() {
    ConfigurationException limit = assertThrows(ConfigurationException.class,
        () -> api.workflowRuns(null, null, 0));
    assertEquals("limit must be in 1..500 but was 0", limit.getMessage());
    ConfigurationException format = assertThrows(ConfigurationException.class,
        () -> api.workflowResults("r1", "xml"));
    assertEquals("format must be csv, json or ndjson but was 'xml'", format.getMessage());
    ConfigurationException graph = assertThrows(ConfigurationException.class,
        () -> Workflows.Graph.fromJson(Map.of("blocks", List.of(Map.of("sequence_number", 1,
            "block_type", "webhook")), "edges", List.of())));
    assertEquals("workflow_definition.blocks[0].block_name must be a non-empty string but was null",
        graph.getMessage());
  }
}
