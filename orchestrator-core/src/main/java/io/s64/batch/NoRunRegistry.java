package io.s64.batch;

import reactor.core.publisher.Mono;

/** {@link Batch.Registry#none()}: nothing is shared. */
enum NoRunRegistry implements Batch.Registry {
  INSTANCE;

  @Override
  public Mono<String> exportTask(String searchId) {
    return Mono.empty();
  }

  @Override
  public Mono<Void> exportStarted(String searchId, String taskId) {
    return Mono.empty();
  }

  @Override
  public Mono<Void> exportEnded(String searchId, String taskId, boolean reusable) {
    return Mono.empty();
  }

  @Override
  public Mono<String> searchFor(String requestKey, String searchId) {
    return Mono.just(searchId);
  }

  @Override
  public Mono<Void> searchFailed(String requestKey, String searchId) {
    return Mono.empty();
  }
}
