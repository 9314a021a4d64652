package io.s64.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.s64.emulator.rows.Mode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jspecify.annotations.Nullable;

class ExportDownloadTest {
  private static final String EXPORT = "/search/export";
  private @Nullable Fixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private String completedSearchId() {
    fx.completedSearch("{\"query\":\"heads of growth\",\"search_id\":\"s-1\"}");
    return "s-1";
  }

  private String exportTask(String body) {
    Api.Reply reply = fx.api.post(EXPORT, body);
    assertEquals(200, reply.status(), reply.body());
    assertEquals("Export started", reply.json().get("message").asText());
    assertEquals("queued", reply.json().get("status").asText());
    return reply.json().get("task_id").asText();
  }

  private String completedSearchUrl() {
    return signedUrl(fx.completedSearch("{\"query\":\"cto\"}").get("resource_handle_id").asText());
  }

  private String signedUrl(String handle) {
    Api.Reply reply = fx.api.get("/search/download?resource_handle_id=" + handle);
    assertEquals(200, reply.status(), reply.body());
    JsonNode body = reply.json();
    assertTrue(body.get("url").asText().startsWith(fx.emulator.baseUrl() + "/_storage/"
        + body.get("bucket").asText() + "/" + body.get("path").asText() + "?expires="));
    return body.get("url").asText();
  }

  @Test
  void anExportCompletesAndItsCsvDownloadsWithTheSearchRows() {
    fx = Fixture.start(b -> b.results(45));
    String searchId = completedSearchId();
    String task = exportTask("{\"search_id\":\"" + searchId + "\",\"max_results\":40}");
    JsonNode running = fx.status(task);
    assertEquals("queued", running.get("status").asText());
    assertTrue(running.get("resource_handle_id").isNull());
    assertEquals(searchId, running.get("search_id").asText());
    fx.clock.advance(Duration.ofSeconds(10));
    JsonNode done = fx.status(task);
    assertEquals("completed", done.get("status").asText());
    assertEquals(40, done.get("exported_count").asInt());

    Api.Reply file = fx.api.withKey(null).get(signedUrl(done.get("resource_handle_id").asText()));
    assertEquals(200, file.status());
    assertEquals("text/csv; charset=utf-8", file.header("content-type"));
    List<List<String>> csv = RfcCsv.parse(file.body());
    assertEquals(Mode.PEOPLE.columns(), csv.get(0));
    assertEquals(41, csv.size());
    assertEquals("José Müller", csv.get(1).get(1));
    assertEquals("Head of \"Growth\", EMEA\nRemote", csv.get(2).get(2));
    assertTrue(file.body().contains("\"Head of \"\"Growth\"\", EMEA\nRemote\""),
        "quoted, with the quotes doubled");

    List<String> paged = Paging.all(fx.api, "{\"search_id\":\"s-1\",\"page_size\":100}").ids();
    List<String> downloaded = new ArrayList<>();
    csv.subList(1, csv.size()).forEach(r -> downloaded.add(r.get(0)));
    assertEquals(paged.subList(0, 40), downloaded);
    assertEquals("export", fx.emulator.searches().get(1).kind());
  }

  @Test
  void aDeepSearchCsvDownloadsOnceCompletedAndNotBefore() {
    fx = Fixture.start();
    String task = fx.startSearch("{\"query\":\"cto\"}");
    fx.clock.advance(Duration.ofMinutes(5));
    JsonNode done = fx.status(task);
    String handle = done.get("resource_handle_id").asText();
    Api.Reply file = fx.api.get(signedUrl(handle));
    assertEquals(done.get("total_results").asInt() + 1, RfcCsv.parse(file.body()).size());
    assertEquals((long) done.get("total_results").asInt(),
        fx.emulator.stats().rowsServed().get(done.get("search_id").asText()),
        "a full download serves every row");

    String running = fx.startSearch("{\"query\":\"cfo\"}");
    fx.clock.advance(Duration.ofSeconds(30));
    assertTrue(fx.status(running).get("resource_handle_id").isNull());
  }

  @Test
  void aSecondExportOfTheSameSearchWhileOneRunsIs409() {
    fx = Fixture.start();
    String searchId = completedSearchId();
    exportTask("{\"search_id\":\"" + searchId + "\"}");
    fx.clock.advance(Duration.ofSeconds(5));
    Api.Reply second = fx.api.post(EXPORT, "{\"search_id\":\"" + searchId + "\"}");
    assertEquals(409, second.status());
    assertEquals("Export workflow is already running for this search.", second.detail());
    fx.clock.advance(Duration.ofSeconds(5));
    exportTask("{\"search_id\":\"" + searchId + "\"}");
    assertEquals(2, fx.emulator.stats().exportsCreated());
  }

  @Test
  void anExportOfAnUnknownSearchIs404() {
    fx = Fixture.start();
    Api.Reply reply = fx.api.post(EXPORT, "{\"search_id\":\"missing\"}");
    assertEquals(404, reply.status());
    assertEquals("Search not found or has no parsed_query.", reply.detail());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"{}", "{\"search_id\":\"s-1\",\"parsed_query\":{\"a\":1}}"})
  void anExportNeedsEitherASearchIdOrAParsedQuery(String body) {
    fx = Fixture.start();
    completedSearchId();
    assertEquals(400, fx.api.post(EXPORT, body).status());
  }

  @Test
  void anExportOfAParsedQueryExportsItsRows() {
    fx = Fixture.start(b -> b.results(12));
    String task =
        exportTask("{\"parsed_query\":{\"simple_filters\":{\"a\":1}},\"mode\":\"company\"}");
    fx.clock.advance(Duration.ofSeconds(10));
    String url = signedUrl(fx.status(task).get("resource_handle_id").asText());
    List<List<String>> csv = RfcCsv.parse(fx.api.get(url).body());
    assertEquals("employees_count", csv.get(0).get(4));
    assertEquals(13, csv.size());
  }

  @Test
  void anExportOfADeepSearchStillRunningIs400() {
    fx = Fixture.start();
    fx.startSearch("{\"query\":\"cto\",\"search_id\":\"busy\"}");
    assertEquals("Search is not completed yet.",
        fx.api.post(EXPORT, "{\"search_id\":\"busy\"}").detail());
  }

  @Test
  void aSignedUrlExpiresAfterItsTtlWith403() {
    fx = Fixture.start(b -> b.urlTtl(Duration.ofSeconds(60)));
    String handle = fx.completedSearch("{\"query\":\"cto\"}").get("resource_handle_id").asText();
    String url = signedUrl(handle);
    fx.clock.advance(Duration.ofSeconds(59));
    assertEquals(200, fx.api.get(url).status());
    fx.clock.advance(Duration.ofSeconds(1));
    Api.Reply expired = fx.api.get(url);
    assertEquals(403, expired.status());
    assertEquals("application/xml", expired.header("content-type"));
    assertTrue(expired.body().contains("<Code>AccessDenied</Code>"));
    assertTrue(expired.body().contains("<Message>Request has expired</Message>"));
    assertEquals(1, fx.emulator.stats().downloadLinksExpired());
    assertEquals(200, fx.api.get(signedUrl(handle)).status(), "a fresh URL works again");
    assertEquals(1, fx.emulator.stats().downloadLinksExpired());
  }

  @Test
  void aTamperedSignatureIs403() {
    fx = Fixture.start();
    String url = completedSearchUrl();
    char last = url.charAt(url.length() - 1);
    Api.Reply reply = fx.api.get(url.substring(0, url.length() - 1) + (last == '0' ? '1' : '0'));
    assertEquals(403, reply.status());
    assertTrue(reply.body().contains("SignatureDoesNotMatch"));
    assertEquals(403, fx.api.get(url.replaceAll("expires=\\d+", "expires=99999999999")).status());
  }

  @Test
  void aRangeRequestGetsTheTailWith206AndAContentRange() {
    fx = Fixture.start();
    String url = completedSearchUrl();
    byte[] whole = fx.api.get(url).bytes();
    Api.Reply tail = fx.api.send(fx.api.request(url).header("Range", "bytes=100-").GET().build());
    assertEquals(206, tail.status());
    assertEquals("bytes 100-" + (whole.length - 1) + "/" + whole.length,
        tail.header("content-range"));
    assertEquals(Arrays.toString(Arrays.copyOfRange(whole, 100, whole.length)),
        Arrays.toString(tail.bytes()));
    Api.Reply beyond = fx.api.send(fx.api.request(url)
        .header("Range", "bytes=" + whole.length + "-").GET().build());
    assertEquals(416, beyond.status());
    assertEquals("bytes */" + whole.length, beyond.header("content-range"));
  }

  @Test
  void downloadWithoutAHandleIs422AndAnUnknownHandleIs404() {
    fx = Fixture.start();
    Api.Reply missing = fx.api.get("/search/download");
    assertEquals(422, missing.status());
    assertEquals("[\"query\",\"resource_handle_id\"]",
        missing.json().get("detail").get(0).get("loc").toString());
    Api.Reply unknown = fx.api.get("/search/download?resource_handle_id=rh_nope");
    assertEquals(404, unknown.status());
    assertEquals("Search task or export file not found.", unknown.detail());
  }

  @Test
  void storageUrlsNeedNoKeyAndAreNotRateLimited() {
    fx = Fixture.start(b -> b.rateLimit(3));
    String task = fx.startSearch("{\"query\":\"cto\"}");
    fx.clock.advance(Duration.ofSeconds(60));
    fx.status(task);
    String handle = fx.status(task).get("resource_handle_id").asText();
    String url = signedUrl(handle); // the third request of this window
    assertEquals(429, fx.api.get("/search/status/" + task).status(), "the key's window is spent");
    Api.Reply file = fx.api.withKey(null).get(url);
    assertEquals(200, file.status());
    assertEquals(null, file.header("X-RateLimit-Remaining"));
  }

  @Test
  void aCutDownloadEndsPartwayAndIsCounted() {
    fx = Fixture.start(b -> b.downloadCut(1.0));
    String url = completedSearchUrl();
    assertThrows(IOException.class, () -> fx.api.sendOrThrow(fx.api.request(url).GET().build()));
    assertEquals(1, fx.emulator.stats().downloadsCut());
    assertEquals(0, fx.emulator.searches().get(0).distinctRowsServed());
  }

  @Test
  void filesAreUtf8() {
    fx = Fixture.start();
    String url = completedSearchUrl();
    byte[] bytes = fx.api.get(url).bytes();
    assertTrue(new String(bytes, StandardCharsets.UTF_8).contains("José Müller"));
    assertTrue(new String(bytes, StandardCharsets.UTF_8).contains("李娜"));
  }
}
