package io.s64.emulator.search;

import io.s64.emulator.http.ApiResponse;
import io.s64.emulator.http.Exchange;
import io.s64.emulator.internal.Json;
import io.s64.emulator.limits.Credits;

/** {@code GET /check-balance}: {@code {"credits": n}}, the organization's balance. */
public final class BalanceHandler {
  private final Credits credits;

  public BalanceHandler(Credits credits) {
    this.credits = credits;
  }

  public ApiResponse handle(Exchange exchange) {
    return ApiResponse.json(200, Json.object().put("credits", credits.balance()));
  }
}
