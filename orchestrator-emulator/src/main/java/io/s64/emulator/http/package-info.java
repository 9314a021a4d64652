/**
 * The HTTP front: reads each request, routes it (404, 405), passes API routes through the gate
 * (key, rate limit, fault draw) to their endpoint, and writes the response now, later, partly or
 * never. Also the pydantic-style validation of request bodies.
 */
@NullMarked
package io.s64.emulator.http;

import org.jspecify.annotations.NullMarked;
