/**
 * The search endpoints: start a deep search, its status, paged queries and exports.
 */
@NullMarked
package io.s64.emulator.search;

import org.jspecify.annotations.NullMarked;
