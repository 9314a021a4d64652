/**
 * The run report: {@code report.html}, one self-contained page drawn from an output folder's files
 * ({@code outcomes.jsonl}, {@code summary.json}, {@code requests.jsonl} and the journal's header)
 * with its charts as inline SVG and its styles and script inline, so it opens anywhere, offline,
 * and prints. {@link io.s64.runner.report.RunReport} is the entry.
 */
@NullMarked
package io.s64.runner.report;

import org.jspecify.annotations.NullMarked;
