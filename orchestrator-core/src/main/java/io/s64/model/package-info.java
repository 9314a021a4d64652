/**
 * The Sixtyfour API's requests and responses as immutable records, in s64's own types: no
 * Jackson, Netty or Bucket4j type appears here. Unknown JSON fields are ignored, enum-like
 * strings are read case-insensitively, and the raw string is kept beside the parsed enum.
 */
@NullMarked
package io.s64.model;

import org.jspecify.annotations.NullMarked;
