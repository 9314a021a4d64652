package io.s64.example.webflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A WebFlux service that runs batches of Sixtyfour jobs with s64: {@code POST /batches} takes JSON
 * lines and answers 202 with the batch's id, {@code GET /batches/{id}/outcomes} streams its
 * outcomes as server-sent events as the jobs finish. One {@link io.s64.Sixtyfour} client serves
 * every batch, so they all share the key's request budget and the organization's search slots.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WebfluxServiceApplication {
  public static void main(String[] args) {
    SpringApplication.run(WebfluxServiceApplication.class, args);
  }
}
