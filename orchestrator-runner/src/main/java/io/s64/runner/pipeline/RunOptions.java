package io.s64.runner.pipeline;

import io.s64.runner.input.InputDefaults;
import io.s64.runner.progress.ProgressMode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The settings of one {@code s64 run}, checked for range by the command line. Holds no API key:
 * only where to find one.
 *
 * @param input the input file, or {@code -} for stdin
 * @param out the output folder
 * @param defaults the mode, cap and page size of records that leave them out
 * @param csvResults read deep-search results from their CSV file instead of query pages
 * @param csvOutput also write results.csv at the end
 * @param baseUrl the API's URL as given with --base-url, or null
 * @param apiKeyEnv the environment variable holding the key, when given with --api-key-env
 * @param apiKeyFile the file holding the key, or null
 * @param rateLimit requests per window
 * @param rateWindow the rate window
 * @param slots deep searches at once
 * @param pollInterval the poll cadence, or null for the default
 * @param learnedPolls poll deep searches on the learned schedule (else at the fixed cadence)
 * @param searchTimeout how long a search may run before it is reported timed out
 * @param resume continue the run in {@code out}
 * @param progress how to show progress
 * @param emulator run against the embedded emulator
 * @param allowInsecureHttp allow plain http to a non-loopback host
 * @param args the arguments of the command, to print the command that resumes
 * @param workflow how workflow jobs run, and for {@code s64 workflow run} which workflow
 * @param metricsPort serve the meters on this loopback port ({@code 0}: a free one), or null
 * @param maxCredits the most credits the run may spend, or null for no limit
 */
public record RunOptions(
    String input,
    Path out,
    InputDefaults defaults,
    boolean csvResults,
    boolean csvOutput,
    @Nullable String baseUrl,
    @Nullable String apiKeyEnv,
    @Nullable Path apiKeyFile,
    int rateLimit,
    Duration rateWindow,
    int slots,
    @Nullable Duration pollInterval,
    boolean learnedPolls,
    Duration searchTimeout,
    boolean resume,
    ProgressMode progress,
    boolean emulator,
    boolean allowInsecureHttp,
    List<String> args,
    WorkflowOptions workflow,
    @Nullable Integer metricsPort,
    @Nullable BigDecimal maxCredits) {

  public RunOptions {
    args = List.copyOf(args);
  }
}
