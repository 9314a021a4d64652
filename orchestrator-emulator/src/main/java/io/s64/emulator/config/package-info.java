/**
 * The emulator's settings: the flag table and its help, and the checks of each value.
 */
@NullMarked
package io.s64.emulator.config;

import org.jspecify.annotations.NullMarked;
