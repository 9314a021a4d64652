package io.s64.runner;

/** Placeholder until the CLI lands. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("s64");
  }
}
