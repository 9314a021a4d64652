/**
 * The batch pipeline: runs a stream of {@link io.s64.job.Job}s as fast as the API's limits
 * allow and ends every one in exactly one {@link io.s64.job.Outcome}. Start with {@link
 * io.s64.batch.Batch#builder(io.s64.Sixtyfour)}.
 */
@NullMarked
package io.s64.batch;

import org.jspecify.annotations.NullMarked;
