package io.s64.redis.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.EmulatorStats;
import io.s64.job.Outcome;
import io.s64.redis.testing.TestRedis;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Runs the README's scale-out example: three replicas on one key against the emulator. The
 * README's {@code java scale-out} blocks must equal the example's marked regions.
 */
class ScaleOutExampleTest {
  private static final Pattern BLOCK = Pattern.compile("(?ms)^```java scale-out\\n(.*?)^```\\s*$");
  private static final Pattern REGION = Pattern.compile(
      "(?ms)^[ \\t]*// README:begin (\\S+)[ \\t]*\\n(.*?)^[ \\t]*// README:end \\1[ \\t]*$");

  @Test
  void threeReplicasOnOneKeyStayWithinTheLimits() {
    String apiKey = TestRedis.freshApiKey();
    try (Emulator emulator = Emulator.start(EmulatorConfig.builder().port(0).apiKeys(List.of(apiKey))
        .searchDuration(Duration.ofMillis(200), Duration.ofMillis(600)).build())) {
      List<ScaleOutExample.ProspectService> replicas = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        replicas.add(new ScaleOutExample.ProspectService(TestRedis.url(), apiKey, emulator.baseUrl()));
      }
      try {
        List<Outcome> outcomes = Flux.range(0, 8)
            .flatMap(i -> replicas.get(i % 3).prospect("req-" + i, "heads of sales, segment " + i))
            // The example keeps the default poll schedule, whose prior is the docs' 30-120 s: its
            // first poll of a search comes about 35 s after the start, and 8 searches on 5 slots
            // make two waves until the run has learned how short these searches are.
            .collectList().block(Duration.ofSeconds(150));
        assertEquals(8, outcomes.size());
        outcomes.forEach(o -> assertEquals(Outcome.Status.COMPLETED, o.status(), o.toString()));
        EmulatorStats stats = emulator.stats();
        assertEquals(0, stats.slotsBusy(), "the replicas never asked for a sixth slot");
        assertEquals(0, stats.rateLimited());
        assertTrue(stats.peakConcurrentSearches() <= 5);
      } finally {
        replicas.forEach(ScaleOutExample.ProspectService::close);
      }
    }
  }

  @Test
  void theReadmeShowsTheExampleAsItRuns() throws IOException {
    String readme = read(readme());
    String example = read(Path.of("src/test/java/io/s64/redis/examples/ScaleOutExample.java"));
    List<String> blocks = new ArrayList<>();
    Matcher b = BLOCK.matcher(readme);
    while (b.find()) {
      blocks.add(normalized(b.group(1)));
    }
    List<String> regions = new ArrayList<>();
    Matcher r = REGION.matcher(example);
    while (r.find()) {
      regions.add(normalized(r.group(2)));
    }
    assertEquals(regions, blocks, "README.md's java scale-out blocks are ScaleOutExample's regions");
  }

  private static Path readme() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("orchestrator-redis"))) {
        return dir.resolve("README.md");
      }
    }
    throw new AssertionError("no project README.md above " + Path.of("").toAbsolutePath());
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
  }

  private static String normalized(String code) {
    List<String> lines = new ArrayList<>(code.lines().map(String::stripTrailing).toList());
    while (!lines.isEmpty() && lines.get(0).isEmpty()) {
      lines.remove(0);
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    int indent = lines.stream().filter(l -> !l.isEmpty())
        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return String.join("\n", lines.stream().map(l -> l.isEmpty() ? l : l.substring(indent)).toList());
  }
}
