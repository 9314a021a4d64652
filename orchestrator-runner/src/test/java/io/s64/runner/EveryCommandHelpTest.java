package io.s64.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command and subcommand, found by walking picocli's command tree, answers its help. */
class EveryCommandHelpTest {

  /** The names leading to each command under {@code s64}, the top command itself included. */
  static Stream<List<String>> commands() {
    List<List<String>> paths = new ArrayList<>();
    walk(Main.commandLine(), new ArrayList<>(), paths);
    assertTrue(paths.size() >= 17, "the tree holds s64, run, workflow and its six commands, emulator,"
        + " webhook, webhook listen, submit, worker, collect, queue and queue status: " + paths);
    return paths.stream();
  }

  private static void walk(CommandLine command, List<String> path, List<List<String>> paths) {
    paths.add(List.copyOf(path));
    for (CommandLine sub : command.getSubcommands().values()) {
      List<String> deeper = new ArrayList<>(path);
      deeper.add(sub.getCommandName());
      walk(sub, deeper, paths);
    }
  }

  @ParameterizedTest(name = "s64 {0} --help")
  @MethodSource("commands")
  void answersHelpWithItsUsageAndExitZero(List<String> path) {
    for (String help : List.of("--help", "-h")) {
      List<String> args = new ArrayList<>(path);
      args.add(help);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      PrintWriter outWriter = new PrintWriter(out);
      PrintWriter errWriter = new PrintWriter(err);
      // The emulator command prints its flag table on System.out. Swap it before the command line
      // exists: picocli's default strategy remembers System.out when made, and would otherwise
      // write to the remembered stream instead of outWriter.
      ByteArrayOutputStream system = new ByteArrayOutputStream();
      PrintStream before = System.out;
      int code;
      System.setOut(new PrintStream(system, true, StandardCharsets.UTF_8));
      try {
        CommandLine cl = Main.commandLine();
        cl.setOut(outWriter);
        cl.setErr(errWriter);
        code = cl.execute(args.toArray(String[]::new));
      } finally {
        System.setOut(before);
        outWriter.flush();
        errWriter.flush();
      }
      String printed = out + system.toString(StandardCharsets.UTF_8);
      String name = String.join(" ", Stream.concat(Stream.of("s64"), path.stream()).toList());
      assertEquals(0, code, name + " " + help + " exit code; stderr:\n" + err);
      assertTrue(printed.startsWith("Usage: " + name), name + " " + help + " printed:\n" + printed + err);
      assertEquals("", err.toString(), name + " " + help + " wrote to stderr");
    }
  }
}
