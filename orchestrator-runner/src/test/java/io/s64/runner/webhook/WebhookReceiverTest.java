package io.s64.runner.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.s64.webhook.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.util.function.Tuple2;

/** The receiver over real HTTP: what it stores, what it refuses and why. */
class WebhookReceiverTest {
  static final String SECRET = "sk_whsec_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  static final String OLD = "sk_whsec_fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
  static final String BODY = "{\"task_id\":\"t-1\",\"status\":\"completed\",\"task_type\":\"lead_enrichment\","
      + "\"result\":{\"structured_data\":{\"email\":\"ada@example.com\"}}}";

  @TempDir Path dir;
  private EventLog log;
  private WebhookReceiver receiver;

  @BeforeEach
  void start() throws Exception {
    log = new EventLog(dir);
    receiver = new WebhookReceiver("127.0.0.1", 0,
        WebhookVerifier.of(SECRET, OLD), log, 64 * 1024);
  }

  @AfterEach
  void stop() throws Exception {
    receiver.close();
    log.close();
  }

  private static String signature(String secret, long t, String body) {
    return "t=" + t + ",v1=" + WebhookVerifier.sign(secret, t, body.getBytes(StandardCharsets.UTF_8));
  }

  private Tuple2<Integer, String> post(String path, String body, Map<String, String> headers) {
    return HttpClient.create()
        .headers(h -> headers.forEach(h::set))
        .post().uri(receiver.url() + path)
        .send(Mono.just(io.netty.buffer.Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8))))
        .responseSingle((res, content) -> content.asString().defaultIfEmpty("")
            .map(text -> reactor.util.function.Tuples.of(res.status().code(), text)))
        .block(Duration.ofSeconds(10));
  }

  private Tuple2<Integer, String> deliver(String eventId, String signature, String body) {
    return post("/hooks/sixtyfour", body, Map.of("Sixtyfour-Signature", signature,
        "Sixtyfour-Event-Id", eventId, "Sixtyfour-Event-Type", "lead_enrichment",
        "Sixtyfour-Delivery-Attempt", "1", "Content-Type", "application/json"));
  }

  private List<String> stored() throws Exception {
    return Files.readAllLines(dir.resolve("events.jsonl"));
  }

  @Test
  void storesAValidDeliveryDurablyAndAnswers200() throws Exception {
    long now = Instant.now().getEpochSecond();
    Tuple2<Integer, String> r = deliver("evt-1", signature(SECRET, now, BODY), BODY);
    assertEquals(200, r.getT1(), r.getT2());
    assertEquals("{\"status\":\"stored\"}", r.getT2());
    JsonNode line = EventLog.MAPPER.readTree(stored().get(0));
    assertEquals("evt-1", line.get("event_id").asText());
    assertEquals("lead_enrichment", line.get("event_type").asText());
    assertEquals(now, line.get("signed_at").asLong());
    assertEquals("ada@example.com", line.at("/body/result/structured_data/email").asText());
  }

  @Test
  void aDeliveryWithoutTypeOrAttemptHeadersStoresThemAsJsonNull() throws Exception {
    long now = Instant.now().getEpochSecond();
    Tuple2<Integer, String> r = post("/", BODY, Map.of("Sixtyfour-Signature", signature(SECRET, now, BODY),
        "Sixtyfour-Event-Id", "evt-bare", "Content-Type", "application/json"));
    assertEquals(200, r.getT1(), r.getT2());
    String stored = stored().get(0);
    JsonNode line = EventLog.MAPPER.readTree(stored);
    assertTrue(line.get("event_type").isNull(), stored);
    assertTrue(line.get("delivery_attempt").isNull(), stored);
    assertFalse(stored.contains("\"null\""), "no header is the string \"null\": " + stored);
    JsonNode full = EventLog.MAPPER.readTree(deliver("evt-full", signature(SECRET, now, BODY), BODY).getT2());
    assertEquals("stored", full.get("status").asText());
    JsonNode second = EventLog.MAPPER.readTree(stored().get(1));
    assertEquals("lead_enrichment", second.get("event_type").asText());
    assertEquals("1", second.get("delivery_attempt").asText());
  }

  @Test
  void aRepeatedEventIdIsAnswered200AndStoredOnceAlsoAfterARestart() throws Exception {
    long now = Instant.now().getEpochSecond();
    assertEquals(200, deliver("evt-1", signature(SECRET, now, BODY), BODY).getT1());
    Tuple2<Integer, String> again = deliver("evt-1", signature(OLD, now, BODY), BODY);
    assertEquals(200, again.getT1());
    assertEquals("{\"status\":\"duplicate\"}", again.getT2());
    stop();
    start();
    assertEquals("{\"status\":\"duplicate\"}", deliver("evt-1", signature(SECRET, now, BODY), BODY).getT2());
    assertEquals(1, stored().size());
  }

  @Test
  void acceptsARotationSignedWithNewAndOldSecrets() throws Exception {
    long now = Instant.now().getEpochSecond();
    String both = signature("sk_whsec_newer_secret_not_known_here", now, BODY) + ",v1="
        + WebhookVerifier.sign(OLD, now, BODY.getBytes(StandardCharsets.UTF_8));
    assertEquals(200, deliver("evt-r", both, BODY).getT1());
  }

  @Test
  void refusesTamperedWrongSecretStaleFutureAndMalformedDeliveriesWith401AndAReason() throws Exception {
    long now = Instant.now().getEpochSecond();
    String sig = signature(SECRET, now, BODY);
    Tuple2<Integer, String> tampered = deliver("e1", sig, BODY.replace("ada@", "eve@"));
    assertEquals(401, tampered.getT1());
    assertTrue(tampered.getT2().contains("no v1 signature matches"), tampered.getT2());
    assertEquals(401, deliver("e2", signature("sk_whsec_wrong", now, BODY), BODY).getT1());
    Tuple2<Integer, String> stale = deliver("e3", signature(SECRET, now - 400, BODY), BODY);
    assertEquals(401, stale.getT1());
    assertTrue(stale.getT2().contains("in the past"), stale.getT2());
    assertTrue(deliver("e4", signature(SECRET, now + 400, BODY), BODY).getT2().contains("in the future"));
    assertTrue(deliver("e5", "v1=abc", BODY).getT2().contains("no t= timestamp"));
    Tuple2<Integer, String> missing = post("/", BODY, Map.of("Sixtyfour-Event-Id", "e6"));
    assertEquals(401, missing.getT1());
    assertTrue(missing.getT2().contains("missing Sixtyfour-Signature header"));
    assertTrue(!Files.exists(dir.resolve("events.jsonl")) || stored().isEmpty(), "nothing stored");
  }

  @Test
  void answers400WithoutAnEventIdOrAJsonObjectAnd405ToOtherMethods() throws Exception {
    long now = Instant.now().getEpochSecond();
    Tuple2<Integer, String> noId = post("/", BODY, Map.of("Sixtyfour-Signature", signature(SECRET, now, BODY)));
    assertEquals(400, noId.getT1());
    assertTrue(noId.getT2().contains("Sixtyfour-Event-Id"));
    String notJson = "task done";
    assertEquals(400, deliver("e7", signature(SECRET, now, notJson), notJson).getT1());
    int get = HttpClient.create().get().uri(receiver.url() + "/").response()
        .map(r -> r.status().code()).block(Duration.ofSeconds(10));
    assertEquals(405, get);
  }

  @Test
  void refusesABodyOverTheLimitWith413() {
    String big = "{\"x\":\"" + "a".repeat(70_000) + "\"}";
    long now = Instant.now().getEpochSecond();
    assertEquals(413, deliver("big", signature(SECRET, now, big), big).getT1());
  }

  @Test
  void aTornLastLineLeftByACrashIsCutAtStart() throws Exception {
    long now = Instant.now().getEpochSecond();
    deliver("evt-1", signature(SECRET, now, BODY), BODY);
    stop();
    Files.writeString(dir.resolve("events.jsonl"), "{\"event_id\":\"half", java.nio.file.StandardOpenOption.APPEND);
    start();
    deliver("evt-2", signature(SECRET, now, BODY), BODY);
    List<String> lines = stored();
    assertEquals(2, lines.size(), lines.toString());
    assertEquals("evt-2", EventLog.MAPPER.readTree(lines.get(1)).get("event_id").asText());
  }
}
