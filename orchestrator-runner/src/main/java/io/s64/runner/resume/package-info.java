/**
 * Continuing an interrupted run from its output folder: cut torn last lines, learn which jobs are
 * finished ({@code outcomes.jsonl}), where the others stood ({@code journal.jsonl}) and which of
 * their rows are already written ({@code results.jsonl}), and hand each unfinished job its {@link
 * io.s64.job.Job.Resume}.
 */
@NullMarked
package io.s64.runner.resume;

import org.jspecify.annotations.NullMarked;
