package io.s64.example.webflux;

import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The HTTP face of {@link Batches}.
 *
 * <pre>
 * POST /batches                 body: JSON lines, one job each      → 202 {"id": "..."}
 * GET  /batches/{id}/outcomes   text/event-stream, one event a job  → event: completed, data: {...}
 * </pre>
 */
@RestController
class BatchController {
  private final Batches batches;

  BatchController(Batches batches) {
    this.batches = batches;
  }

  @PostMapping(path = "/batches", consumes = {"application/x-ndjson", "application/jsonl",
      MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_JSON_VALUE})
  Mono<ResponseEntity<Map<String, String>>> submit(@RequestBody(required = false) byte[] body) {
    if (body == null || body.length == 0) {
      return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST,
          "the body must hold JSON lines, one job each"));
    }
    return batches.submit(body).map(id -> ResponseEntity
        .accepted()
        .location(URI.create("/batches/" + id + "/outcomes"))
        .body(Map.of("id", id, "outcomes", "/batches/" + id + "/outcomes")));
  }

  /**
   * The outcomes as server-sent events, named by status, with the job's id as the event id; the
   * stream ends when the batch has ended every job.
   */
  @GetMapping(path = "/batches/{id}/outcomes", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Flux<ServerSentEvent<OutcomeEvent>> outcomes(@PathVariable("id") String id) {
    return batches.outcomes(id)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no batch " + id))
        .map(o -> ServerSentEvent.builder(OutcomeEvent.of(o))
            .id(o.jobId())
            .event(o.status().wire())
            .build());
  }
}
