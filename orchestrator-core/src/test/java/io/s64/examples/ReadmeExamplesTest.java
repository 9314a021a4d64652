package io.s64.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's Java code is the code {@link LibraryExampleTest} runs. Each {@code java} block of
 * README.md must equal, line for line, one region of {@code LibraryExample.java} marked {@code //
 * README:begin NAME} ... {@code // README:end NAME} (both less their common indentation, trailing
 * spaces ignored), in the same order, and LibraryExampleTest must call each region's method. An
 * edit to either side alone fails here.
 */
class ReadmeExamplesTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("(?ms)^```java\\n(.*?)^```\\s*$");
  private static final Pattern REGION = Pattern.compile(
      "(?ms)^[ \\t]*// README:begin (\\S+)[ \\t]*\\n(.*?)^[ \\t]*// README:end \\1[ \\t]*$");
  /** The name of the method a region declares: the first word followed by a parenthesis. */
  private static final Pattern METHOD = Pattern.compile("(\\w+)\\(");
  private static final Path EXAMPLES = Path.of("src/test/java/io/s64/examples");

  /** A marked region of the example source. */
  private record Region(String name, String code) {}

  private static Path readme() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md"))
          && Files.isDirectory(dir.resolve("orchestrator-core"))) {
        return dir.resolve("README.md");
      }
    }
    throw new AssertionError("the project's README.md is not above " + Path.of("").toAbsolutePath());
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
  }

  static List<String> readmeBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(markdown);
    while (m.find()) {
      blocks.add(normalized(m.group(1)));
    }
    return blocks;
  }

  private static List<Region> regions(String source) {
    List<Region> regions = new ArrayList<>();
    Matcher m = REGION.matcher(source);
    while (m.find()) {
      regions.add(new Region(m.group(1), normalized(m.group(2))));
    }
    return regions;
  }

  /** Lines without trailing spaces, less their common indentation, without blank ends. */
  static String normalized(String code) {
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

  /** Where two texts first differ, line by line, for a message a reader can act on. */
  private static String firstDifference(String example, String readme) {
    String[] a = example.split("\n", -1);
    String[] b = readme.split("\n", -1);
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      String x = i < a.length ? a[i] : "(end of region)";
      String y = i < b.length ? b[i] : "(end of block)";
      if (!x.equals(y)) {
        return "line " + (i + 1) + "\n  example: " + x + "\n  README:  " + y;
      }
    }
    return "nowhere";
  }

  @Test
  void everyJavaBlockOfTheReadmeIsAnExampleRegionInTheSameOrder() throws IOException {
    List<String> blocks = readmeBlocks(read(readme()));
    List<Region> regions = regions(read(EXAMPLES.resolve("LibraryExample.java")));
    assertFalse(regions.isEmpty(), "LibraryExample.java marks its README regions");
    assertEquals(regions.size(), blocks.size(), "README.md has one java block per example region "
        + regions.stream().map(Region::name).toList());
    for (int i = 0; i < regions.size(); i++) {
      Region region = regions.get(i);
      if (!region.code().equals(blocks.get(i))) {
        fail("README.md's java block " + (i + 1) + " differs from LibraryExample.java's region '"
            + region.name() + "' at " + firstDifference(region.code(), blocks.get(i))
            + "\ncopy the region into the README (or the README's fix into the region)");
      }
    }
  }

  @Test
  void everyExampleRegionIsRunByLibraryExampleTest() throws IOException {
    String test = read(EXAMPLES.resolve("LibraryExampleTest.java"));
    for (Region region : regions(read(EXAMPLES.resolve("LibraryExample.java")))) {
      Matcher m = METHOD.matcher(region.code());
      assertTrue(m.find(), "region '" + region.name() + "' declares a method");
      assertTrue(test.contains("LibraryExample." + m.group(1) + "("),
          "LibraryExampleTest runs region '" + region.name() + "' (" + m.group(1) + ")");
    }
  }

  @Test
  void indentationAloneIsNotADifferenceButAChangedLineIs() {
    String readme = "text\n```java\nstatic void a() {\n  b();\n}\n```\n";
    assertEquals(List.of("static void a() {\n  b();\n}"), readmeBlocks(readme));
    assertEquals(normalized("    static void a() {\n      b();\n    }\n"), readmeBlocks(readme).get(0),
        "indentation alone is not a difference");
    assertFalse(readmeBlocks(readme.replace("b()", "c()")).get(0).equals(readmeBlocks(readme).get(0)));
  }
}
