/**
 * The exceptions s64 signals, one root ({@link io.s64.error.S64Exception}) and a subclass for each
 * thing a caller does differently next: fix the request ({@link io.s64.error.ApiException}; stop
 * everything when {@link io.s64.error.ApiException#isAuthentication()} says the key was refused),
 * wait ({@link io.s64.error.RateLimitedException}: a spent window, or all deep-search slots busy),
 * retry later ({@link io.s64.error.TransportException}, {@link io.s64.error.DecodeException}), or
 * fix the configuration ({@link io.s64.error.ConfigurationException}).
 *
 * <p>No message ever contains the API key or a signed download URL.
 */
@NullMarked
package io.s64.error;

import org.jspecify.annotations.NullMarked;
