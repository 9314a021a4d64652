package io.s64.runner;

import picocli.CommandLine;

/** {@code s64 --version}: the version in the jar's manifest ({@code dev} outside the jar). */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"s64 " + (v == null ? "dev" : v),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
  }
}
