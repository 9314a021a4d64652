package io.s64.emulator.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.FaultKind;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SettingsTest {

  @Test
  void everySettingIsAGetterAndABuilderMethodOfEmulatorConfig() {
    Set<String> getters = names(EmulatorConfig.class.getMethods());
    Set<String> setters = names(EmulatorConfig.Builder.class.getMethods());
    for (Setting<?> setting : Settings.ALL) {
      String name = setting.name();
      if (name.startsWith("fault ")) {
        assertTrue(getters.contains("faultProbability") && setters.contains("fault"), name);
      } else if (name.startsWith("webhookSecret")) {
        assertTrue(getters.contains(name) && setters.contains("webhookSecrets"), name);
      } else {
        assertTrue(getters.contains(name), "getter " + name);
        assertTrue(setters.contains(name), "builder method " + name);
      }
    }
  }

  @Test
  void everyDefaultFollowsItsOwnRules() {
    for (Setting<?> setting : Settings.ALL) {
      assertDoesNotThrow(() -> check(setting), setting.name());
    }
  }

  @Test
  void namesAndFlagsAreUnique() {
    List<String> names = Settings.ALL.stream().map(Setting::name).collect(Collectors.toList());
    assertEquals(names.size(), new HashSet<>(names).size(), names.toString());
    List<String> flags = ConfigFlags.names();
    assertEquals(flags.size(), new HashSet<>(flags).size(), flags.toString());
  }

  @ParameterizedTest
  @EnumSource(FaultKind.class)
  void everyFaultKindHasItsOwnFlag(FaultKind kind) {
    assertNotNull(Settings.fault(kind).flag(), kind.name());
  }

  private static <T> void check(Setting<T> setting) {
    setting.check(setting.defaultValue());
  }

  private static Set<String> names(Method[] methods) {
    return Arrays.stream(methods).map(Method::getName).collect(Collectors.toSet());
  }
}
