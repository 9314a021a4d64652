package io.s64.runner.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsCsvTest {
  @TempDir Path dir;

  @Test
  void writesJobIdAndTheUnionOfColumnsInOrderOfFirstAppearance() throws IOException {
    Path jsonl = dir.resolve("results.jsonl");
    Files.writeString(jsonl, String.join("\n",
        "{\"_job_id\":\"a\",\"id\":\"p1\",\"name\":\"José Müller\",\"title\":\"Head of \\\"Growth\\\", EMEA\\nRemote\"}",
        "{\"_job_id\":\"b\",\"id\":\"c1\",\"domain\":\"x.example\",\"employees_count\":120,\"tags\":[\"a\",\"b\"],\"note\":null}",
        "") , StandardCharsets.UTF_8);
    Path csv = dir.resolve("results.csv");
    assertEquals(2, ResultsCsv.write(jsonl, csv));
    assertEquals("_job_id,id,name,title,domain,employees_count,tags,note\r\n"
        + "a,p1,José Müller,\"Head of \"\"Growth\"\", EMEA\nRemote\",,,,\r\n"
        + "b,c1,,,x.example,120,\"[\"\"a\"\",\"\"b\"\"]\",\r\n",
        Files.readString(csv, StandardCharsets.UTF_8));
    assertEquals(false, Files.exists(dir.resolve("results.csv.tmp")));
  }

  @Test
  void noRowsGiveAHeaderOnly() throws IOException {
    Path csv = dir.resolve("results.csv");
    assertEquals(0, ResultsCsv.write(dir.resolve("absent.jsonl"), csv));
    assertEquals("_job_id\r\n", Files.readString(csv));
  }

  @Test
  void fieldsAreQuotedOnlyWhenTheyMustBe() {
    assertEquals("plain", CsvText.field("plain"));
    assertEquals("\"a,b\"", CsvText.field("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", CsvText.field("say \"hi\""));
    assertEquals("\"line\r\nbreak\"", CsvText.field("line\r\nbreak"));
    assertEquals("\" padded \"", CsvText.field(" padded "));
    assertEquals("", CsvText.field(null));
    assertEquals("12", CsvText.field(12L));
  }
}
