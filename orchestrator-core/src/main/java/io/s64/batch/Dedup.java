package io.s64.batch;

import io.s64.job.Job;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.s64.internal.Json;
import io.s64.model.DeepSearchRequest;
import io.s64.model.QueryRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Finds jobs that ask for the same thing as an earlier job of the same run: the first one runs,
 * the others end as duplicates of it. Bounded (a Caffeine cache by size, keyed by a 64-bit digest
 * of the normalised request, about 150 bytes an entry), so memory stays flat however many jobs
 * pass; beyond the bound, requests seen long ago may run again.
 */
final class Dedup {
  private final @Nullable Cache<Long, String> seen;

  Dedup(boolean enabled, long capacity) {
    this.seen = enabled ? Caffeine.newBuilder().maximumSize(capacity).build() : null;
  }

  /** The id of the earlier job asking the same, or null when this job is the first. */
  @Nullable String claim(Job job) {
    if (seen == null) {
      return null;
    }
    String first = seen.asMap().putIfAbsent(digest(key(job)), job.id());
    return first == null || first.equals(job.id()) ? null : first;
  }

  /** The first 64 bits of the SHA-256 of a key: collisions are negligible at cache sizes. */
  static long digest(String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (d[i] & 0xff);
      }
      return v;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  /** What makes two jobs the same: the request, normalised; never the job id or page size. */
  static String key(Job job) {
    if (job instanceof Job.DeepSearch deep) {
      DeepSearchRequest d = deep.request();
      return "deep|" + normalise(d.query()) + "|" + d.mode() + "|" + d.maxResults() + "|"
          + d.outputMode() + "|" + sorted(d.excludePublicIds()) + sorted(d.excludeEntityIds())
          + sorted(d.excludeListIds());
    }
    if (job instanceof Job.Filter filter) {
      return query(filter.request());
    }
    if (job instanceof Job.Requery requery) {
      return query(requery.request());
    }
    if (job instanceof Job.Export export) {
      return "export|" + export.searchId();
    }
    if (job instanceof Job.PeopleIntelligence people) {
      return "people|" + Json.canonical(people.request());
    }
    if (job instanceof Job.CompanyIntelligence company) {
      return "company|" + Json.canonical(company.request());
    }
    return "invalid|" + job.id();
  }

  private static String query(QueryRequest q) {
    Object value = q.source() == QueryRequest.Source.QUERY ? normalise((String) q.value()) : q.value();
    return "query|" + q.source() + "|" + Json.canonical(value) + "|" + q.mode() + "|"
        + q.maxResults() + "|" + sorted(q.excludePublicIds()) + sorted(q.excludeEntityIds())
        + sorted(q.excludeListIds());
  }

  private static String normalise(String text) {
    return text.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  private static List<String> sorted(List<String> ids) {
    if (ids.size() < 2) {
      return ids;
    }
    List<String> copy = new ArrayList<>(ids);
    Collections.sort(copy);
    return copy;
  }
}
