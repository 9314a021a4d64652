/**
 * The files of a run's output folder: {@code results.jsonl} (through the library's row sink),
 * {@code outcomes.jsonl} and {@code journal.jsonl} (the {@link io.s64.journal.Journal} the batch
 * writes through), {@code summary.json} and {@code results.csv}. Every write is an append of whole
 * lines, flushed, on {@code Schedulers.boundedElastic()}.
 */
@NullMarked
package io.s64.runner.output;

import org.jspecify.annotations.NullMarked;
