package io.s64.runner.resume;

import com.fasterxml.jackson.databind.JsonNode;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.runner.input.IdTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What an earlier run in the same output folder left: the finished jobs (to skip) and, for each
 * unfinished job, where it stood (to resume). Built by {@link #load}, which reads the three files
 * once each, streaming; memory holds about 40 bytes per finished job and the row keys of the
 * unfinished jobs only.
 *
 * <p><b>Finished</b> means an outcome line in {@code outcomes.jsonl}, except outcomes that a later
 * run should redo: {@code cancelled} (the run was stopped), {@code timed_out} (the search may have
 * finished since; its task is re-attached), {@code invalid} (the input may have been fixed) and a
 * {@code failed} with HTTP 401 (the key was wrong). Those lines are removed from the file (it is
 * rewritten beside and renamed into place) so that every job still ends with exactly one line.
 */
public final class ResumeState {
  private final IdTable finished;
  private final Map<String, JobProgress> unfinished;
  private final Map<Outcome.Status, Long> kept;
  private final long keptRows;
  private final @Nullable JsonNode header;
  private final List<String> notes;

  private ResumeState(IdTable finished, Map<String, JobProgress> unfinished,
      Map<Outcome.Status, Long> kept, long keptRows, @Nullable JsonNode header, List<String> notes) {
    this.finished = finished;
    this.unfinished = unfinished;
    this.kept = kept;
    this.keptRows = keptRows;
    this.header = header;
    this.notes = notes;
  }

  /** Nothing to resume: a fresh run. */
  public static ResumeState none() {
    return new ResumeState(new IdTable(), new HashMap<>(), new EnumMap<>(Outcome.Status.class), 0,
        null, List.of());
  }

  /**
   * Reads an output folder's files, first cutting torn last lines off them and removing the
   * outcomes to redo. Blocking.
   *
   * @throws IOException when a file cannot be read or holds a line that is not JSON
   */
  public static ResumeState load(Path outcomes, Path journal, Path results) throws IOException {
    List<String> notes = new ArrayList<>();
    for (Path p : List.of(outcomes, journal, results)) {
      long cut = TornLines.repair(p);
      if (cut > 0) {
        notes.add("cut a torn last line (" + cut + " bytes) off " + p.getFileName());
      }
    }
    IdTable finished = new IdTable();
    Map<Outcome.Status, Long> kept = new EnumMap<>(Outcome.Status.class);
    long[] keptRows = {0};
    int redo = RunFiles.readOutcomes(outcomes, finished, kept, keptRows);
    if (redo > 0) {
      RunFiles.dropRedoneOutcomes(outcomes);
      notes.add(redo + " job" + (redo == 1 ? "" : "s") + " cancelled, timed out, invalid or"
          + " refused with HTTP 401 will run again");
    }
    Map<String, JobProgress> unfinished = new HashMap<>();
    JsonNode header = RunFiles.readJournal(journal, finished, unfinished);
    RunFiles.readResults(results, unfinished);
    return new ResumeState(finished, unfinished, kept, keptRows[0], header, notes);
  }

  /**
   * The job as this run should take it: null when it finished earlier (skip it), else the job
   * with where it stood, if it had started.
   *
   * @param reattach whether the server still knows the earlier run's searches; when not (a new
   *     embedded emulator), the job starts over and only skips the rows already written
   */
  public @Nullable Job apply(Job job, boolean reattach) {
    if (finished.contains(job.id())) {
      return null;
    }
    JobProgress p = unfinished.remove(job.id());
    if (p == null || (p.kind != null && p.kind != job.kind())) {
      return job;
    }
    if (!reattach && job.kind() == Job.Kind.WORKFLOW) {
      // A workflow job keeps its place (the run being read and its byte offset) but not its run
      // ids, which the new server does not know: its runs are started again under the same keys,
      // and a fresh emulator gives the same rows in the same files, so the runs already read are
      // skipped and the one cut short continues.
      Job.Resume r = p.toResume();
      return job.withResume(new Job.Resume(r.progress().withoutRuns(), r.deliveredKeys()));
    }
    if (!reattach) {
      return p.keys.isEmpty() ? job : job.withResume(
          new Job.Resume(Job.Progress.NONE.withRows(p.keys.size()), p.keys));
    }
    return job.withResume(p.toResume());
  }

  /** Jobs finished earlier, by status. */
  public Map<Outcome.Status, Long> kept() {
    return kept;
  }

  /** Rows of the jobs finished earlier. */
  public long keptRows() {
    return keptRows;
  }

  /** The input of the run that started this folder, from the journal's first header, or null. */
  public @Nullable String earlierInput() {
    return header == null || !header.path("input").isTextual() ? null : header.path("input").asText();
  }

  /** The options of the run that started this folder, as text (null values as "null"). */
  public Map<String, String> earlierOptions() {
    Map<String, String> options = new LinkedHashMap<>();
    if (header != null) {
      header.path("options").properties().forEach(e -> options.put(e.getKey(),
          e.getValue().isNull() ? "null" : e.getValue().asText()));
    }
    return options;
  }

  /** How many jobs finished earlier. */
  public long keptJobs() {
    return kept.values().stream().mapToLong(Long::longValue).sum();
  }

  /** What was repaired or decided while loading, for the user. */
  public List<String> notes() {
    return notes;
  }
}
