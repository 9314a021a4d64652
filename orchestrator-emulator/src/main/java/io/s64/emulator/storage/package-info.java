/**
 * Downloads: signed file URLs, the storage route that serves them, and RFC 4180 CSV.
 */
@NullMarked
package io.s64.emulator.storage;

import org.jspecify.annotations.NullMarked;
