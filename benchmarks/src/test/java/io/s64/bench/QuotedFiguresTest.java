package io.s64.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The benchmark figures the READMEs quote come from {@code benchmarks/results/latest.md}, which
 * every suite run rewrites: the project README's performance table is latest.md's table, every
 * number in the prose around it is a number of latest.md, and the benchmarks README's "Latest
 * results" section is latest.md. After a new suite run, copy latest.md's table and text over and
 * fix the prose; this test names what is stale.
 */
class QuotedFiguresTest {
  /** A number as the texts write it: {@code 0.953}, {@code 35,567}, {@code 12}; not the 1 of P1a. */
  private static final Pattern NUMBER = Pattern.compile("(?<![\\w.,])\\d[\\d,]*(?:\\.\\d+)?(?![\\w])");

  private static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md"))
          && Files.isRegularFile(dir.resolve("benchmarks/results/latest.md"))) {
        return dir;
      }
    }
    throw new AssertionError("the project root is not above " + Path.of("").toAbsolutePath());
  }

  private static String read(String file) throws IOException {
    return Files.readString(root().resolve(file), StandardCharsets.UTF_8).replace("\r\n", "\n");
  }

  /** The lines of the first table whose header starts with {@code | id | benchmark |}. */
  static List<String> resultsTable(String markdown) {
    List<String> table = new ArrayList<>();
    for (String line : markdown.split("\n", -1)) {
      if (table.isEmpty() ? line.startsWith("| id | benchmark |") : line.startsWith("|")) {
        table.add(line);
      } else if (!table.isEmpty()) {
        break;
      }
    }
    return table;
  }

  static Set<String> numbers(String text) {
    Set<String> numbers = new TreeSet<>();
    Matcher m = NUMBER.matcher(text);
    while (m.find()) {
      numbers.add(m.group().replaceAll(",$", ""));
    }
    return numbers;
  }

  /** The README's text from "Performance (" to the next heading. */
  private static String readmePerformance() throws IOException {
    String readme = read("README.md");
    int start = readme.indexOf("Performance (");
    assertTrue(start >= 0, "the README has its performance paragraph");
    int end = readme.indexOf("\n## ", start);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  @Test
  void theReadmesPerformanceTableIsTheTableOfLatestMd() throws IOException {
    List<String> latest = resultsTable(read("benchmarks/results/latest.md"));
    assertTrue(latest.size() >= 3, "latest.md has its results table");
    assertEquals(latest, resultsTable(readmePerformance()),
        "README.md's performance table = benchmarks/results/latest.md's");
  }

  @Test
  void everyNumberTheReadmeQuotesAboutTheBenchmarksIsInLatestMd() throws IOException {
    String prose = String.join("\n", readmePerformance().lines()
        .filter(l -> !l.startsWith("|")).toList());
    Set<String> stale = numbers(prose);
    stale.removeAll(numbers(read("benchmarks/results/latest.md")));
    assertEquals(Set.of(), stale, "numbers in README.md's performance text that "
        + "benchmarks/results/latest.md does not have:\n" + prose);
  }

  @Test
  void theBenchmarksReadmesLatestResultsAreLatestMd() throws IOException {
    String latest = read("benchmarks/results/latest.md");
    String readme = read("benchmarks/README.md");
    int start = readme.indexOf("## Latest results");
    int end = readme.indexOf("The same table is in", start);
    assertTrue(start >= 0 && end > start, "benchmarks/README.md has its Latest results section");
    assertEquals(latest.substring(latest.indexOf("- Date:")).strip(),
        readme.substring(start + "## Latest results".length(), end).strip(),
        "benchmarks/README.md's Latest results = benchmarks/results/latest.md");
  }

  @Test
  void numbersAreReadAsTheTextsWriteThem() {
    assertEquals(Set.of("0.70", "0.81", "35,567", "2"),
        numbers("P3 ranges 0.70–0.81 (35,567, P1a, -Xmx64m) on 2 cores."));
  }
}
