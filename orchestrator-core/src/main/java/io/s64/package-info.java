/** s64: a reactive batch orchestrator for the Sixtyfour API. */
@NullMarked
package io.s64;

import org.jspecify.annotations.NullMarked;
