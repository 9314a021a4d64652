package io.s64.redis;

import io.s64.model.DeepSearchRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.UUID;

/**
 * Ids that make a paid start idempotent, derived from what the job is rather than chosen at
 * random: the {@code search_id} of a deep search and the {@code Idempotency-Key} of a workflow run
 * are functions of the queue, the job id and the request. A worker that takes over a job whose
 * checkpoint was lost therefore sends the start again with the same id, and the API answers with
 * the search already running instead of starting (and charging for) a second one.
 *
 * <p>Each id is a SHA-256 over a length-prefixed encoding of its inputs (so no two different input
 * tuples share an encoding), shaped as a version-8 UUID. The request's own {@code searchId} is not
 * an input: it is the output.
 */
public final class DeterministicIds {
  private static final String SEARCH = "s64/search-id/v1";
  private static final String IDEMPOTENCY = "s64/idempotency-key/v1";

  private DeterministicIds() {}

  /**
   * The {@code search_id} of deep search job {@code jobId} in {@code queue}.
   *
   * @param queue the queue's name (jobs of two queues never share an id)
   * @param jobId the job's id, unique within the queue
   * @param request the request; every field but {@code searchId} counts
   */
  public static String searchId(String queue, String jobId, DeepSearchRequest request) {
    Encoder e = new Encoder(SEARCH).add(queue).add(jobId)
        .add(request.query())
        .add(request.mode().name())
        .add(Integer.toString(request.maxResults()))
        .add(request.outputMode().name());
    e.addAll(request.excludePublicIds()).addAll(request.excludeEntityIds())
        .addAll(request.excludeListIds());
    return e.uuid();
  }

  /**
   * The {@code Idempotency-Key} of a workflow run (or any other start that takes one) for job
   * {@code jobId} in {@code queue}.
   *
   * @param request what identifies the request within the job: its canonical text, and for a job
   *     that starts several runs, which one (a chunk number)
   */
  public static String idempotencyKey(String queue, String jobId, String... request) {
    Encoder e = new Encoder(IDEMPOTENCY).add(queue).add(jobId);
    e.addAll(List.of(request));
    return e.uuid();
  }

  /** Length-prefixed fields into a SHA-256. */
  private static final class Encoder {
    private final MessageDigest sha;

    Encoder(String domain) {
      try {
        sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is part of every Java platform", e);
      }
      add(domain);
    }

    Encoder add(String field) {
      byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
      sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
      sha.update(bytes);
      return this;
    }

    Encoder addAll(List<String> fields) {
      add(Integer.toString(fields.size()));
      fields.forEach(this::add);
      return this;
    }

    String uuid() {
      ByteBuffer hash = ByteBuffer.wrap(sha.digest());
      long high = hash.getLong();
      long low = hash.getLong();
      high = (high & ~0xF000L) | 0x8000L; // version 8: custom
      low = (low & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // IETF variant
      return new UUID(high, low).toString();
    }
  }
}
