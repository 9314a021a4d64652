/**
 * The HTTP seam: {@link io.s64.http.HttpTransport} moves bytes, nothing else. The default is
 * Reactor Netty; tests and benchmarks may put an in-process transport behind the same interface.
 */
@NullMarked
package io.s64.http;

import org.jspecify.annotations.NullMarked;
