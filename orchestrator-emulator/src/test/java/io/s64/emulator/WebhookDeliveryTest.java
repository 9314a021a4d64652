package io.s64.emulator;

import static io.s64.emulator.Fixture.PEOPLE;
import static io.s64.emulator.Fixture.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

class WebhookDeliveryTest {
  private static final Pattern SIGNATURE = Pattern.compile("t=(\\d+)((?:,v1=[0-9a-f]{64})+)");
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  private @Nullable Fixture fx;
  private @Nullable WebhookReceiver receiver;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  private String startJob(String lead) {
    return fx.startJob(PEOPLE, "{\"lead_info\":" + lead + ",\"struct\":{\"email\":\"e\"},"
        + "\"webhook_url\":\"" + receiver.url() + "\"}");
  }

  private void start(WebhookReceiver r, UnaryOperator<EmulatorConfig.Builder> settings) {
    receiver = r;
    fx = Fixture.start(settings);
  }

  @Test
  void aCompletedJobIsDeliveredOnceTheClockPassesItsEndWithSignedDocumentedHeaders() {
    start(WebhookReceiver.answering(200), b -> b.webhookSecrets(Hooks.SECRET, null));
    String id = startJob("{\"full_name\":\"Ada Lovelace\"}");
    Hooks.assertQuiet(receiver::deliveries, d -> !d.isEmpty(), Duration.ofMillis(200));

    fx.clock.advance(Duration.ofSeconds(60));
    WebhookRecord record = Hooks.await(() -> fx.emulator.webhooks(),
        list -> list.size() == 1 && list.get(0).delivered()).get(0);
    List<WebhookReceiver.Delivery> deliveries = receiver.deliveries();
    assertEquals(1, deliveries.size());
    WebhookReceiver.Delivery delivery = deliveries.get(0);
    assertEquals("application/json", delivery.header("Content-Type"));
    assertEquals("lead_enrichment", delivery.header("Sixtyfour-Event-Type"));
    assertEquals("1", delivery.header("Sixtyfour-Delivery-Attempt"));
    String eventId = delivery.header("Sixtyfour-Event-Id");
    assertTrue(UUID.matcher(String.valueOf(eventId)).matches(), eventId);
    List<String> v1 = verifiedSegments(delivery, T0.plusSeconds(60).getEpochSecond());
    assertEquals(List.of(Hooks.hmac(Hooks.SECRET, Long.toString(
        T0.plusSeconds(60).getEpochSecond()), delivery.body())), v1);

    JsonNode envelope = delivery.json();
    assertEquals(List.of("task_id", "status", "task_type", "result"),
        EnrichmentJobTest.fieldNames(envelope));
    assertEquals(id, envelope.get("task_id").asText());
    assertEquals("completed", envelope.get("status").asText());
    assertEquals("lead_enrichment", envelope.get("task_type").asText());
    assertEquals(fx.job(id).get("result"), envelope.get("result"), "the same as job-status");

    assertEquals(eventId, record.eventId());
    assertEquals(id, record.taskId());
    assertEquals(receiver.url(), record.url());
    assertEquals(T0.plusSeconds(60), record.createdAt());
    assertEquals(1, record.attempts());
    assertNull(record.nextAttemptAt(), "delivered: no next attempt");
    assertEquals(200, record.lastStatus());
    assertNull(record.lastError());
    assertFalse(record.gaveUp());
    EmulatorStats stats = fx.emulator.stats();
    assertEquals(1, stats.webhookAttempts());
    assertEquals(1, stats.webhooksDelivered());
    assertEquals(0, stats.webhooksFailed());

    JsonNode listed = fx.api.get("/_emulator/webhooks").json();
    assertEquals(1, listed.size());
    JsonNode json = listed.get(0);
    assertEquals(eventId, json.get("event_id").asText());
    assertEquals(id, json.get("task_id").asText());
    assertEquals("lead_enrichment", json.get("task_type").asText());
    assertEquals("completed", json.get("status").asText());
    assertEquals("2030-01-01T00:01:00Z", json.get("created_at").asText());
    assertEquals(1, json.get("attempts").asInt());
    assertTrue(json.get("next_attempt_at").isNull());
    assertEquals(200, json.get("last_status").asInt());
    assertTrue(json.get("last_error").isNull());
    assertTrue(json.get("delivered").asBoolean());
    assertFalse(json.get("gave_up").asBoolean());
    assertEquals(1, fx.api.get("/_emulator/stats").json().get("webhooks_delivered").asInt());
  }

  @Test
  void duringARotationEveryDeliveryCarriesTwoV1SegmentsNewFirst() {
    start(WebhookReceiver.answering(204), b -> b.webhookSecrets(Hooks.SECRET, Hooks.OLD_SECRET));
    startJob("{\"name\":\"Grace\"}");
    fx.clock.advance(Duration.ofSeconds(75));
    Hooks.await(() -> fx.emulator.webhooks(), list -> list.size() == 1 && list.get(0).delivered());
    WebhookReceiver.Delivery delivery = receiver.deliveries().get(0);
    String t = Long.toString(T0.plusSeconds(75).getEpochSecond());
    assertEquals(List.of(Hooks.hmac(Hooks.SECRET, t, delivery.body()),
            Hooks.hmac(Hooks.OLD_SECRET, t, delivery.body())),
        verifiedSegments(delivery, T0.plusSeconds(75).getEpochSecond()));
  }

  @Test
  void withoutASecretDeliveriesAreUnsigned() {
    start(WebhookReceiver.answering(200), b -> b);
    startJob("{\"name\":\"Linus\"}");
    fx.clock.advance(Duration.ofMinutes(2));
    Hooks.await(() -> fx.emulator.webhooks(), list -> list.size() == 1 && list.get(0).delivered());
    WebhookReceiver.Delivery delivery = receiver.deliveries().get(0);
    assertNull(delivery.header("Sixtyfour-Signature"));
    assertNotNull(delivery.header("Sixtyfour-Event-Id"));
    assertEquals("1", delivery.header("Sixtyfour-Delivery-Attempt"));
  }

  @Test
  void aFailedJobIsDeliveredWithItsErrorAndNoResult() {
    start(WebhookReceiver.answering(200), b -> b.webhookSecrets(Hooks.SECRET, null));
    String id = startJob("{\"name\":\"FAILME\"}");
    fx.clock.advance(Duration.ofMinutes(1));
    WebhookRecord record = Hooks.await(() -> fx.emulator.webhooks(),
        list -> list.size() == 1 && list.get(0).delivered()).get(0);
    JsonNode envelope = receiver.deliveries().get(0).json();
    assertEquals(List.of("task_id", "status", "task_type", "error"),
        EnrichmentJobTest.fieldNames(envelope));
    assertEquals("failed", envelope.get("status").asText());
    assertEquals(id, envelope.get("task_id").asText());
    assertEquals(fx.job(id).get("error"), envelope.get("error"));
    assertEquals("failed", record.status());
  }

  @Test
  void aReceiverAnswering500TwiceIsRetriedByTheEmulatorClockWithTheSameEventAndBody() {
    start(WebhookReceiver.answering(500, 500, 200), b -> b.webhookSecrets(Hooks.SECRET, null));
    startJob("{\"name\":\"Barbara\"}");
    fx.clock.advance(Duration.ofSeconds(60));
    WebhookRecord first = awaitRetryDue(1);
    assertEquals(500, first.lastStatus());
    assertEquals(T0.plusSeconds(61), first.nextAttemptAt(), "after the 1s backoff");
    Hooks.assertQuiet(receiver::deliveries, d -> d.size() > 1, Duration.ofMillis(300));

    fx.clock.advance(Duration.ofSeconds(1));
    WebhookRecord second = awaitRetryDue(2);
    assertEquals(500, second.lastStatus());
    assertEquals(T0.plusSeconds(63), second.nextAttemptAt(), "after the doubled backoff");
    fx.clock.advance(Duration.ofSeconds(1)); // half of it
    Hooks.assertQuiet(receiver::deliveries, d -> d.size() > 2, Duration.ofMillis(200));
    fx.clock.advance(Duration.ofSeconds(1));
    WebhookRecord record = Hooks.await(() -> fx.emulator.webhooks().get(0),
        WebhookRecord::delivered);

    List<WebhookReceiver.Delivery> deliveries = receiver.deliveries();
    assertEquals(3, deliveries.size());
    long[] times = {60, 61, 63};
    for (int i = 0; i < 3; i++) {
      WebhookReceiver.Delivery d = deliveries.get(i);
      assertEquals(record.eventId(), d.header("Sixtyfour-Event-Id"), "the same event id");
      assertEquals(Integer.toString(i + 1), d.header("Sixtyfour-Delivery-Attempt"));
      assertArrayEquals(deliveries.get(0).body(), d.body(), "the same body bytes");
      verifiedSegments(d, T0.plusSeconds(times[i]).getEpochSecond());
    }
    assertEquals(3, record.attempts());
    assertEquals(200, record.lastStatus());
    EmulatorStats stats = fx.emulator.stats();
    assertEquals(3, stats.webhookAttempts());
    assertEquals(1, stats.webhooksDelivered());
    assertEquals(0, stats.webhooksFailed());
  }

  @Test
  void aReceiverThatNeverAnswersIsRetriedUntilTheAttemptCapThenGivenUp() {
    start(WebhookReceiver.silent(), b -> b.webhookTimeout(Duration.ofMillis(200))
        .webhookBackoff(Duration.ZERO).webhookAttempts(3));
    startJob("{\"name\":\"Ken\"}");
    fx.clock.advance(Duration.ofMinutes(1));
    WebhookRecord record = Hooks.await(() -> fx.emulator.webhooks(),
        list -> list.size() == 1 && list.get(0).gaveUp()).get(0);
    assertEquals(3, receiver.deliveries().size());
    assertEquals(3, record.attempts());
    assertNull(record.nextAttemptAt(), "given up: no next attempt");
    assertFalse(record.delivered());
    assertNull(record.lastStatus());
    assertEquals("no response within 200ms", record.lastError());
    EmulatorStats stats = fx.emulator.stats();
    assertEquals(3, stats.webhookAttempts());
    assertEquals(0, stats.webhooksDelivered());
    assertEquals(1, stats.webhooksFailed());
  }

  @Test
  void aConnectionErrorIsAFailedAttemptToo() {
    DisposableServer closed = HttpServer.create().host("127.0.0.1").port(0)
        .handle((req, res) -> res.send()).bindNow();
    String url = "http://127.0.0.1:" + closed.port() + "/gone";
    closed.disposeNow();
    receiver = WebhookReceiver.answering(200);
    fx = Fixture.start(b -> b.webhookBackoff(Duration.ZERO).webhookAttempts(2));
    fx.startJob(PEOPLE, "{\"lead_info\":{},\"webhook_url\":\"" + url + "\"}");
    fx.clock.advance(Duration.ofMinutes(1));
    WebhookRecord record = Hooks.await(() -> fx.emulator.webhooks(),
        list -> list.size() == 1 && list.get(0).gaveUp()).get(0);
    assertEquals(2, record.attempts());
    assertNull(record.lastStatus());
    assertNotNull(record.lastError());
    assertEquals(1, fx.emulator.stats().webhooksFailed());
  }

  @Test
  void deliveriesOfDifferentJobsOverlap() {
    // The receiver answers nothing until both deliveries are waiting: one at a time would time out.
    Sinks.Empty<Void> bothArrived = Sinks.empty();
    start(WebhookReceiver.answeringWith(n -> {
      if (n == 1) {
        bothArrived.tryEmitEmpty();
      }
      return bothArrived.asMono().then(Mono.just(200));
    }), b -> b.webhookTimeout(Duration.ofSeconds(3)).webhookBackoff(Duration.ZERO));
    startJob("{\"name\":\"one\"}");
    startJob("{\"name\":\"two\"}");
    fx.clock.advance(Duration.ofMinutes(1));
    List<WebhookRecord> records = Hooks.await(() -> fx.emulator.webhooks(),
        list -> list.size() == 2 && list.stream().allMatch(WebhookRecord::delivered));
    for (WebhookRecord record : records) {
      assertEquals(1, record.attempts(), record.toString());
    }
  }

  @Test
  void jobsWithoutAWebhookUrlSendNothing() {
    start(WebhookReceiver.answering(200), b -> b);
    fx.startJob(PEOPLE, "{\"lead_info\":{}}");
    fx.clock.advance(Duration.ofMinutes(1));
    Hooks.assertQuiet(() -> fx.emulator.webhooks(), list -> !list.isEmpty(),
        Duration.ofMillis(200));
    assertEquals(0, fx.emulator.stats().webhookAttempts());
  }

  /** The record once attempt {@code attempts} has failed and the next one is scheduled. */
  private WebhookRecord awaitRetryDue(int attempts) {
    return Hooks.await(() -> fx.emulator.webhooks(), list -> list.size() == 1
        && list.get(0).attempts() == attempts && list.get(0).nextAttemptAt() != null).get(0);
  }

  /** The v1 segments of the signature, each checked against the body; {@code t} as expected. */
  private static List<String> verifiedSegments(WebhookReceiver.Delivery delivery, long t) {
    String header = delivery.header("Sixtyfour-Signature");
    assertNotNull(header, "signed");
    Matcher m = SIGNATURE.matcher(header);
    assertTrue(m.matches(), header);
    assertEquals(Long.toString(t), m.group(1), "t is the emulator clock at send time");
    List<String> v1 = List.of(m.group(2).substring(",v1=".length()).split(",v1="));
    String expected = Hooks.hmac(Hooks.SECRET, m.group(1), delivery.body());
    assertEquals(expected, v1.get(0), "the new secret signs first, over the exact bytes");
    return v1;
  }
}
