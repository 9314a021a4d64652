package io.s64.emulator.http;

/**
 * The storage route, outside the gate (no key, no rate limit, no API faults): serves the file a
 * signed URL names, and may ask for the body to be cut partway.
 */
@FunctionalInterface
public interface FileEndpoint {
  Reply handle(Exchange exchange);

  /**
   * What to send for a storage request.
   *
   * @param response the response
   * @param cut whether to cut the body partway (download-cut fault)
   */
  record Reply(ApiResponse response, boolean cut) {}
}
