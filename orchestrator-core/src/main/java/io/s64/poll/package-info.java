/** When to ask again: the {@link io.s64.poll.PollSchedule} of searches and jobs. */
@NullMarked
package io.s64.poll;

import org.jspecify.annotations.NullMarked;
