/**
 * Reading a run's input: a file or stdin streamed record by record into a {@code Flux<Job>}, with
 * every bad record turned into an {@code invalid} job whose message names the line, the field and
 * the value. Formats: JSON lines ({@code .jsonl}, {@code .ndjson}, stdin), CSV with a header
 * ({@code .csv}) and plain text ({@code .txt}, one query per line).
 */
@NullMarked
package io.s64.runner.input;

import org.jspecify.annotations.NullMarked;
