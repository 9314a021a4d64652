package io.s64.runner.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.s64.job.Job;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Workflow lines of {@code s64 run} and the rows files of {@code s64 workflow run}. */
class WorkflowInputTest {
  @TempDir Path dir;

  @Test
  void aWorkflowLineWithInlineRowsBecomesAWorkflowJob() {
    Job job = Inputs.only(InputFormat.JSONL, "{\"id\":\"w\",\"workflow\":{\"workflow_id\":\"wf-1\","
        + "\"rows\":[{\"full_name\":\"Ada\",\"company\":\"Acme\"},{\"full_name\":\"Bo\"}],"
        + "\"rows_per_run\":1,\"save_json\":true}}");
    Job.Workflow w = assertInstanceOf(Job.Workflow.class, job);
    assertEquals("wf-1", w.workflowId());
    assertEquals(2, w.runs());
    assertEquals(Map.of("full_name", "Ada", "company", "Acme"), w.rows().get(0));
    assertEquals(true, w.saveJson());
  }

  @Test
  void aRowsFileIsReadAsCsvOrJsonLines() throws IOException {
    Path csv = Files.writeString(dir.resolve("leads.csv"), "full_name,company\r\nAda,\"Acme, Inc\"\r\nBo,Beta\r\n");
    Path jsonl = Files.writeString(dir.resolve("leads.jsonl"), "{\"full_name\":\"Ada\",\"n\":1}\n\n");
    Job.Workflow a = (Job.Workflow) Inputs.only(InputFormat.JSONL, "{\"id\":\"a\",\"workflow\":"
        + "{\"workflow_id\":\"wf\",\"rows_file\":\"" + csv + "\"}}");
    assertEquals(List.of(Map.of("full_name", "Ada", "company", "Acme, Inc"),
        Map.of("full_name", "Bo", "company", "Beta")), a.rows());
    assertEquals(500, a.rowsPerRun());
    Job.Workflow b = (Job.Workflow) Inputs.only(InputFormat.JSONL, "{\"id\":\"b\",\"workflow\":"
        + "{\"workflow_id\":\"wf\",\"rows_file\":\"" + jsonl + "\"}}");
    assertEquals(1, b.rows().size());
    assertEquals("Ada", b.rows().get(0).get("full_name"));
    assertEquals(1, ((Number) b.rows().get(0).get("n")).intValue());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"workflow\":{\"rows\":[{}]}}|line 1: field 'workflow.workflow_id' must be a non-empty string but was missing",
      "{\"workflow\":{\"workflow_id\":\"wf\"}}|line 1: field 'workflow' needs exactly one of 'workflow.rows' and 'workflow.rows_file'",
      "{\"workflow\":{\"workflow_id\":\"wf\",\"rows\":[1]}}|line 1: field 'workflow.rows[0]' must be an object but was 1",
      "{\"workflow\":{\"workflow_id\":\"wf\",\"rows\":[{}],\"rows_per_run\":0}}|line 1: field 'workflow.rows_per_run' must be in 1..10000 but was 0",
      "{\"workflow\":{\"workflow_id\":\"wf\",\"rows\":[]}}|line 1: field 'workflow.rows' holds no rows",
      "{\"workflow\":{\"workflow_id\":\"wf\",\"rows\":[{}],\"row_per_run\":5}}|line 1: field 'workflow.row_per_run' is not known (known: workflow.rows, workflow.rows_file, workflow.rows_per_run, workflow.save_json, workflow.workflow_id)",
      "{\"workflow\":{\"workflow_id\":\"wf\",\"rows_file\":\"/no/such/leads.csv\"}}|line 1: field 'workflow.rows_file': rows file '/no/such/leads.csv' cannot be read (no such file, or not a readable file)",
      "{\"workflow\":{\"workflow_id\":\"wf\",\"rows_file\":\"leads.txt\"}}|line 1: field 'workflow.rows_file': rows file '%DIR%/leads.txt' must end in .csv, .jsonl or .ndjson",
  })
  void aBadWorkflowLineIsInvalidNamingTheFieldAndTheValue(String line, String problem) {
    Job job = Inputs.only(InputFormat.JSONL, line);
    String cwd = Path.of("").toAbsolutePath().toString();
    assertEquals(problem.replace("%DIR%", cwd), assertInstanceOf(Job.Invalid.class, job).problem());
  }

  @Test
  void workflowRunMakesOneJobPerChunkAndABadRecordAnInvalidJob() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= 7; i++) {
      b.append(i == 4 ? "{not json\n" : "{\"full_name\":\"P" + i + "\"}\n");
    }
    Path rows = Files.write(dir.resolve("rows.jsonl"), b.toString().getBytes(StandardCharsets.UTF_8));
    List<Job> jobs = WorkflowRows.chunks(rows, "wf", 3, false).collectList().block(Duration.ofSeconds(10));
    assertEquals(List.of("chunk-0001", "line-4", "chunk-0002"),
        jobs.stream().map(Job::id).collect(Collectors.toList()));
    assertEquals(3, ((Job.Workflow) jobs.get(0)).rows().size());
    assertEquals(List.of("P5", "P6", "P7"), ((Job.Workflow) jobs.get(2)).rows().stream()
        .map(r -> r.get("full_name")).collect(Collectors.toList()));
    assertEquals("line 4: not valid JSON (Unexpected character ('n' (code 110)): was expecting"
        + " double-quote to start field name)", ((Job.Invalid) jobs.get(1)).problem());
  }
}
