/**
 * Webhook delivery of enrichment jobs' terminal events: the timer, attempts, retries and the
 * {@code Sixtyfour-Signature}.
 */
@NullMarked
package io.s64.emulator.webhook;

import org.jspecify.annotations.NullMarked;
