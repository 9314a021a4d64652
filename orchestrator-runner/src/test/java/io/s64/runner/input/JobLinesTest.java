package io.s64.runner.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.s64.job.Job;
import io.s64.model.DeepSearchRequest.Mode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A job survives the queue: read from a file, written as its line, read back by a worker. */
class JobLinesTest {
  private static final String FILE = String.join("\n",
      "{\"id\":\"d\",\"query\":\"CTOs in Berlin\",\"exclude_public_ids\":[\"a\",\"b\"]}",
      "{\"query\":\"VPs of sales\",\"mode\":\"company\",\"max_results\":40}",
      "{\"id\":\"f\",\"simple_filters\":{\"hq_country_iso2\":{\"$eq\":\"DE\"}},\"page_size\":7}",
      "{\"id\":\"p\",\"parsed_query\":{\"q\":[1,2.5,true,null]},\"max_results\":9}",
      "{\"id\":\"r\",\"search_id\":\"s-1\",\"mode\":\"people\",\"exclude_list_ids\":[\"l\"]}",
      "{\"id\":\"e\",\"export\":{\"search_id\":\"s-2\"}}",
      "{\"id\":\"pi\",\"people_intelligence\":{\"lead_info\":{\"name\":\"Ada\"},\"tier\":\"high\","
          + "\"field_confidence\":true}}",
      "{\"id\":\"ci\",\"company_intelligence\":{\"target_company\":{\"name\":\"Acme\"},\"struct\":"
          + "{\"ceo\":\"who\"},\"find_people\":true,\"people_focus_prompt\":\"sales\"}}",
      "{\"id\":\"w\",\"workflow\":{\"workflow_id\":\"wf-1\",\"rows\":[{\"name\":\"Ada\",\"n\":3},"
          + "{\"name\":\"Bo\",\"x\":[1.5,null]}],\"rows_per_run\":1}}");

  @Test
  void everyKindOfJobReadsBackAsTheSameJobUnderItsId() {
    InputDefaults submitted = new InputDefaults(Mode.PEOPLE, 250, 50);
    List<Job> jobs = InputReader.read(() -> new ByteArrayInputStream(
            FILE.getBytes(StandardCharsets.UTF_8)), InputFormat.JSONL, "jobs.jsonl", submitted)
        .collectList().block();
    assertEquals(9, jobs.size());
    for (Job job : jobs) {
      assertEquals(job, JobLines.decode(job.id(), JobLines.encode(job)), JobLines.encode(job));
    }
    assertEquals("line-2", jobs.get(1).id(), "an id of the form line-N travels beside the line");
  }

  @Test
  void aLineThatIsNoJobIsRefusedWithWhatIsWrong() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> JobLines.decode("x", "{\"query\":\"\"}"));
    assertEquals("field 'query' must not be empty", e.getMessage().replaceFirst("^line 1: ", ""));
  }
}
