/**
 * Implementation shared between s64's packages. Not API: anything here may change in any
 * release.
 */
@NullMarked
package io.s64.internal;

import org.jspecify.annotations.NullMarked;
