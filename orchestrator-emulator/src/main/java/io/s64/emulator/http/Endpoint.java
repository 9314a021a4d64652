package io.s64.emulator.http;

/**
 * One API operation behind the {@link ApiGate}: validates the exchange and computes the whole
 * response before anything is written. The gate finds it by {@link Route}; the emulator
 * registers one per API route when it starts.
 */
@FunctionalInterface
public interface Endpoint {
  ApiResponse handle(Exchange exchange);
}
