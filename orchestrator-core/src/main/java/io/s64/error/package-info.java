/**
 * The exceptions s64 signals, one root ({@link io.s64.error.S64Exception}) and a subclass for each
 * thing a caller does differently next: fix the request ({@link io.s64.error.ApiException}), stop
 * everything ({@link io.s64.error.AuthenticationException}), wait ({@link
 * io.s64.error.RateLimitedException}, {@link io.s64.error.SlotsBusyException}), or retry later
 * ({@link io.s64.error.TransportException}, {@link io.s64.error.DecodeException}).
 *
 * <p>No message ever contains the API key or a signed download URL.
 */
@NullMarked
package io.s64.error;

import org.jspecify.annotations.NullMarked;
