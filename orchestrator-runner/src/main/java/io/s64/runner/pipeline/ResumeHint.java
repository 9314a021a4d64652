package io.s64.runner.pipeline;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The command that continues an interrupted run: the same arguments plus {@code --resume}, quoted
 * for a POSIX shell. No option carries a key, so printing the arguments prints no secret.
 */
final class ResumeHint {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

  private ResumeHint() {}

  /**
   * {@code PROGRAM run ARGS --resume}, or {@code PROGRAM ARGS --resume} when the arguments name
   * their command ({@code workflow run ...}).
   */
  static String command(String program, List<String> args) {
    boolean named = !args.isEmpty() && args.get(0).equals("workflow");
    StringBuilder b = new StringBuilder(program).append(named ? "" : " run");
    for (String a : args) {
      if (!a.equals("--resume")) {
        b.append(' ').append(quote(a));
      }
    }
    return b.append(" --resume").toString();
  }

  static String quote(String arg) {
    return PLAIN.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }
}
