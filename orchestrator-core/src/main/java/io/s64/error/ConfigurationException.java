package io.s64.error;

/**
 * A setting or argument is out of range or missing. Thrown where the value enters, with a message
 * that names the parameter and the bad value, such as {@code pageSize must be in 1..100 but was 0}.
 */
public final class ConfigurationException extends S64Exception {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }

  @Override
  public boolean isRetryable() {
    return false;
  }
}
