package io.s64.batch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.s64.model.SearchStatus;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;

/**
 * The exports a batch has started, by search id, so that a later export job of the same search
 * uses one instead of starting another: an export still running is attached to, a completed one is
 * reused while its file can still be downloaded, and one that failed (or whose job failed) is
 * forgotten, so the next job starts a new export. Shared by every run of the batch; thread-safe.
 *
 * <p>The API documents no lifetime for an export's file, only that a download link is valid for
 * 15 minutes; a completed export is reused for that long after its completion was seen, and after
 * that a new export is cheaper than a job that fails on a file that is gone.
 */
final class ExportTasks {
  /** How long a completed export is reused: the documented life of a download link. */
  static final Duration REUSE_COMPLETED = Duration.ofMinutes(15);
  /** How long a running export is remembered: far past any poll deadline. */
  static final Duration REMEMBER_RUNNING = Duration.ofHours(6);
  private static final long NOT_COMPLETED = Long.MIN_VALUE;

  /** An export: its task, and when its completion was seen (ticker nanos) if it has been. */
  private record Task(String taskId, long completedAt) {
    boolean completed() {
      return completedAt != NOT_COMPLETED;
    }
  }

  private final Scheduler clock;
  private final Cache<String, Task> tasks;

  ExportTasks(Scheduler clock) {
    this.clock = clock;
    this.tasks = Caffeine.newBuilder()
        .maximumSize(10_000)
        .expireAfter(new Expiry<String, Task>() {
          @Override
          public long expireAfterCreate(String searchId, Task task, long now) {
            return life(task, now);
          }

          @Override
          public long expireAfterUpdate(String searchId, Task task, long now, long current) {
            return life(task, now);
          }

          @Override
          public long expireAfterRead(String searchId, Task task, long now, long current) {
            return current;
          }
        })
        .ticker(this::now)
        .build();
  }

  private long now() {
    return clock.now(TimeUnit.NANOSECONDS);
  }

  /** What is left of a task's life at {@code now}. */
  private static long life(Task task, long now) {
    if (!task.completed()) {
      return REMEMBER_RUNNING.toNanos();
    }
    return Math.max(0, task.completedAt() + REUSE_COMPLETED.toNanos() - now);
  }

  /** The task of an export of {@code searchId} a job may use (running, or completed recently); else null. */
  @Nullable String usable(String searchId) {
    Task task = tasks.getIfPresent(searchId);
    return task == null ? null : task.taskId();
  }

  /** An export of {@code searchId} was started as {@code taskId}. */
  void started(String searchId, String taskId) {
    tasks.put(searchId, new Task(taskId, NOT_COMPLETED));
  }

  /**
   * The terminal status of {@code taskId}: a completed export with a file is kept for reuse from
   * now on (the first sighting counts, later ones do not extend it); anything else is forgotten.
   */
  void ended(String searchId, String taskId, SearchStatus status) {
    if (status.state() != SearchStatus.State.COMPLETED || status.resourceHandleId() == null) {
      forget(searchId, taskId);
      return;
    }
    long now = now();
    tasks.asMap().computeIfPresent(searchId, (id, task) -> task.taskId().equals(taskId)
        && !task.completed() ? new Task(taskId, now) : task);
  }

  /** Forgets {@code taskId} (a job using it failed), unless a newer export has replaced it. */
  void forget(String searchId, String taskId) {
    tasks.asMap().computeIfPresent(searchId, (id, task) -> task.taskId().equals(taskId) ? null : task);
  }
}
