package io.s64.runner.progress;

/** How progress is shown ({@code --progress}). */
public enum ProgressMode {
  /** {@link #TTY} when the process has a console, else {@link #PLAIN}. */
  AUTO,
  /** One status line, redrawn in place with a carriage return about four times a second. */
  TTY,
  /** A status line every five seconds, for logs and pipes. */
  PLAIN,
  /** Nothing, not even the final summary line. */
  NONE;

  /** The mode to use: AUTO resolved by whether there is a console. */
  public ProgressMode resolve(boolean console) {
    return this == AUTO ? (console ? TTY : PLAIN) : this;
  }
}
