package io.s64.example.webflux;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The service's settings, under {@code s64.*}.
 *
 * @param apiKey the API key; by default from the environment variable {@code SIXTYFOUR_API_KEY}
 *     (see {@code application.properties}), never logged
 * @param baseUrl the API, {@code https://api.sixtyfour.ai} by default
 * @param rateLimit requests per minute on the key for this process (500)
 * @param slots deep searches at once for this process (5)
 * @param pollInterval how often running searches are polled; null for the library's default
 *     (every 10-15 s)
 * @param rowsDir where each batch's rows go, as {@code <batch id>.jsonl}
 * @param keepBatches how many finished batches stay available to {@code GET} (100)
 */
@ConfigurationProperties("s64")
public record S64Properties(
    String apiKey,
    @Nullable String baseUrl,
    @Nullable Integer rateLimit,
    @Nullable Integer slots,
    @Nullable Duration pollInterval,
    @Nullable Path rowsDir,
    @Nullable Integer keepBatches) {}
