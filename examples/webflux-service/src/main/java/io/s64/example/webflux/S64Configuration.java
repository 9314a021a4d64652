package io.s64.example.webflux;

import io.micrometer.core.instrument.MeterRegistry;
import io.s64.Sixtyfour;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one {@link Sixtyfour} client of the application. */
@Configuration(proxyBeanMethods = false)
class S64Configuration {

  /**
   * The shared client: it owns the connection pool, the key's request budget and the search
   * slots, so every batch of the service runs within one set of limits. Its meters go to the
   * application's registry. Closed with the context.
   */
  @Bean
  Sixtyfour sixtyfour(S64Properties p, ObjectProvider<MeterRegistry> meters) {
    Sixtyfour.Builder b = Sixtyfour.builder().apiKey(p.apiKey());
    meters.ifAvailable(b::meterRegistry); // Actuator's registry: s64's meters on /actuator/prometheus
    if (p.baseUrl() != null) {
      b.baseUrl(p.baseUrl());
    }
    if (p.rateLimit() != null) {
      b.rateLimit(p.rateLimit(), Duration.ofMinutes(1));
    }
    if (p.slots() != null) {
      b.slots(p.slots());
    }
    return b.build();
  }

  /** Releases the client's connections when the application stops. */
  @Bean
  ClientCloser clientCloser(Sixtyfour client) {
    return new ClientCloser(client);
  }

  /** Closes the client at shutdown, waiting a few seconds at most; never on an event loop. */
  record ClientCloser(Sixtyfour client) implements org.springframework.beans.factory.DisposableBean {
    @Override
    public void destroy() {
      client.close().block(Duration.ofSeconds(5));
    }
  }
}
