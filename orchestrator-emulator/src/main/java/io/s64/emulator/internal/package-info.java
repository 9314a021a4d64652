/**
 * Small helpers shared by the other packages: JSON, ids, hashing and duration syntax.
 */
@NullMarked
package io.s64.emulator.internal;

import org.jspecify.annotations.NullMarked;
