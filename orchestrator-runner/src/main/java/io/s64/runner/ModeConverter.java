package io.s64.runner;

import io.s64.error.ConfigurationException;
import io.s64.model.DeepSearchRequest.Mode;
import picocli.CommandLine;

/** Reads {@code --mode}: people or company, any case. */
final class ModeConverter implements CommandLine.ITypeConverter<Mode> {
  @Override
  public Mode convert(String text) {
    try {
      return Mode.parse(text);
    } catch (ConfigurationException e) {
      throw new CommandLine.TypeConversionException(
          "must be people or company but was '" + text + "'");
    }
  }
}
