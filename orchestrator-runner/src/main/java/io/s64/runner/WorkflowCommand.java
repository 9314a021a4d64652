package io.s64.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.s64.error.ConfigurationException;
import io.s64.model.Workflows;
import io.s64.runner.pipeline.ApiCalls;
import io.s64.runner.pipeline.ExitCode;
import io.s64.runner.pipeline.Interrupt;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import reactor.core.publisher.Mono;

/**
 * {@code s64 workflow}: Sixtyfour workflows. {@code run} pushes a file of rows through one (a
 * batch, like {@code s64 run}); the others are single calls that print one line per item, tab
 * separated. Without a command it prints its help and exits 2.
 */
@Command(name = "workflow",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Runs rows through Sixtyfour workflows, and lists, watches, cancels and creates"
        + " them.", ""},
    subcommands = {WorkflowRunCommand.class, WorkflowCommand.ListCommand.class,
        WorkflowCommand.StatusCommand.class, WorkflowCommand.RunsCommand.class,
        WorkflowCommand.CancelCommand.class, WorkflowCommand.CreateCommand.class},
    footer = {"", "Exit codes: 0 done; 1 the API refused the request (the error says why); 2 usage"
        + " error; 3 the API refused the key."})
final class WorkflowCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(System.err);
    return 2;
  }

  /** Runs one call against the API and exits with its code. */
  static int call(ApiConnection c, Function<io.s64.Sixtyfour, Mono<Integer>> work) {
    return Main.await(ApiCalls.run(c.connection(), System::getenv, System.err, work), new Interrupt());
  }

  @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Lists the organization's workflows: ID, name and status, one per line.")
  static final class ListCommand implements Callable<Integer> {
    @Mixin ApiConnection connection;

    @Override
    public Integer call() {
      PrintStream out = System.out;
      return WorkflowCommand.call(connection, api -> api.workflows().map(list -> {
        list.forEach(w -> out.println(w.id() + "\t" + w.name() + "\t" + w.status()));
        out.flush();
        return ExitCode.OK;
      }));
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = {"Prints a run's live status: a line for the run (status, overall percentage,"
          + " current block), then one per block (status, rows processed of total, percentage,"
          + " error message)."})
  static final class StatusCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run (the job_id of its start).")
    String runId = "";

    @Mixin ApiConnection connection;

    @Override
    public Integer call() {
      PrintStream out = System.out;
      return WorkflowCommand.call(connection, api -> api.workflowLiveStatus(runId).map(s -> {
        out.println(s.runId() + "\t" + s.status() + "\t" + percent(s.overallProgress())
            + "\tblock " + (s.currentBlock() == null ? "-" : s.currentBlock()));
        for (Workflows.BlockStatus b : s.blocks()) {
          out.println("  " + b.sequenceNumber() + "\t" + b.blockName() + "\t" + b.status() + "\t"
              + b.processedCount() + "/" + b.totalCount() + "\t" + percent(b.progress())
              + (b.errorMessage() == null ? "" : "\t" + b.errorMessage()));
        }
        out.flush();
        return ExitCode.OK;
      }));
    }
  }

  @Command(name = "runs", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Lists runs, newest first: run id, workflow id, status, queued at.")
  static final class RunsCommand implements Callable<Integer> {
    @Option(names = "--status", paramLabel = "active|running|completed|cancelled",
        description = "Only runs in this status (active: queued or running). Default: all.")
    @Nullable String status;

    @Option(names = "--workflow", paramLabel = "WORKFLOW_ID",
        description = "Only this workflow's runs. Default: all.")
    @Nullable String workflowId;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
        description = "At most this many runs, 1..500. Default: ${DEFAULT-VALUE}.")
    int limit = 100;

    @Mixin ApiConnection connection;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      if (status != null && !Map.of("active", 1, "running", 1, "completed", 1, "cancelled", 1)
          .containsKey(status.toLowerCase(Locale.ROOT))) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--status must be"
            + " active, running, completed or cancelled but was '" + status + "'");
      }
      if (limit < 1 || limit > 500) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "--limit must be in 1..500 but was " + limit);
      }
      PrintStream out = System.out;
      String s = status == null ? null : status.toLowerCase(Locale.ROOT);
      return WorkflowCommand.call(connection, api -> api.workflowRuns(s, workflowId, limit).map(runs -> {
        runs.forEach(r -> out.println(r.runId() + "\t" + r.workflowId() + "\t" + r.status() + "\t"
            + (r.queuedAt() == null ? "-" : r.queuedAt())));
        out.flush();
        return ExitCode.OK;
      }));
    }
  }

  @Command(name = "cancel", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Cancels a run; prints its id and the status the API reports.")
  static final class CancelCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run to cancel.")
    String runId = "";

    @Mixin ApiConnection connection;

    @Override
    public Integer call() {
      PrintStream out = System.out;
      return WorkflowCommand.call(connection, api -> api.cancelWorkflowRun(runId).map(status -> {
        out.println(runId + "\t" + status);
        out.flush();
        return ExitCode.OK;
      }));
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = {"Creates a workflow from FILE.json and prints its new id. The file holds",
          "{\"workflow_name\": ..., \"workflow_description\": ..., \"workflow_definition\":",
          "{\"blocks\": [...], \"edges\": [...]}} and optionally an \"id\" of your choosing."})
  static final class CreateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.json", description = "The workflow to create.")
    Path file = Path.of("");

    @Mixin ApiConnection connection;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Workflows.NewWorkflow workflow = read();
      PrintStream out = System.out;
      return WorkflowCommand.call(connection, api -> api.createWorkflow(workflow).map(w -> {
        out.println(w.id());
        out.flush();
        return ExitCode.OK;
      }));
    }

    @SuppressWarnings("unchecked")
    private Workflows.NewWorkflow read() {
      Map<String, Object> json;
      try {
        json = new ObjectMapper().readValue(Files.readAllBytes(file), Map.class);
      } catch (IOException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "FILE.json '" + file
            + "' cannot be read as a JSON object (" + e.getClass().getSimpleName() + ": "
            + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
      }
      try {
        Object definition = json.get("workflow_definition");
        if (!(definition instanceof Map)) {
          throw new ConfigurationException("workflow_definition must be an object but was " + definition);
        }
        for (String field : new String[] {"workflow_name", "workflow_description"}) {
          if (!(json.get(field) instanceof String)) {
            throw new ConfigurationException(field + " must be a string but was " + json.get(field));
          }
        }
        Object id = json.get("id");
        return new Workflows.NewWorkflow((String) json.get("workflow_name"),
            (String) json.get("workflow_description"),
            Workflows.Graph.fromJson((Map<String, ?>) definition), id == null ? null : id.toString());
      } catch (ConfigurationException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "FILE.json '" + file
            + "': " + e.getMessage());
      }
    }
  }

  static String percent(double p) {
    return String.format(Locale.ROOT, "%.0f%%", p);
  }
}
