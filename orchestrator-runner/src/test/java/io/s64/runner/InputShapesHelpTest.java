package io.s64.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code s64 run --help} and the README list the same JSON line shapes. */
class InputShapesHelpTest {
  /**
   * A shape as both texts write it: {@code {"id","query",...}} or {@code {"id","export":{...}}},
   * named by the field after {@code id} and its alternatives ({@code "simple_filters"|"filters"}; the
   * README escapes the bar in its table).
   */
  private static final Pattern SHAPE = Pattern.compile("\\{\"id\",(\"[a-z_]+\"(?:\\\\?\\|\"[a-z_]+\")*)");

  static Set<String> shapes(String text) {
    Set<String> shapes = new TreeSet<>();
    Matcher m = SHAPE.matcher(text);
    while (m.find()) {
      shapes.add(m.group(1).replace("\\|", "|").replace("\"", ""));
    }
    return shapes;
  }

  private static Path readme() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("orchestrator-runner"))) {
        return dir.resolve("README.md");
      }
    }
    throw new AssertionError("the project's README.md is not above " + Path.of("").toAbsolutePath());
  }

  /** The README's table of JSON line shapes, from its heading to the first blank line. */
  private static String readmeShapesTable() throws IOException {
    String readme = Files.readString(readme(), StandardCharsets.UTF_8);
    int start = readme.indexOf("JSON line shapes:");
    assertTrue(start >= 0, "the README has its table of JSON line shapes");
    int end = readme.indexOf("\n\n", readme.indexOf("| shape |", start));
    return readme.substring(start, end);
  }

  @Test
  void runHelpListsEveryInputShapeTheReadmeLists() throws IOException {
    Set<String> readme = shapes(readmeShapesTable());
    String help = Main.commandLine().getSubcommands().get("run").getUsageMessage(CommandLine.Help.Ansi.OFF);
    assertEquals(Set.of("query", "simple_filters|filters|parsed_query", "search_id", "export",
        "people_intelligence", "company_intelligence", "workflow"), readme, "the README's shapes");
    assertEquals(readme, shapes(help), "s64 run --help:\n" + help);
  }
}
