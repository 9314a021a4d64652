/** {@code s64 webhook listen}: a receiver for Sixtyfour's signed webhook deliveries. */
@NullMarked
package io.s64.runner.webhook;

import org.jspecify.annotations.NullMarked;
