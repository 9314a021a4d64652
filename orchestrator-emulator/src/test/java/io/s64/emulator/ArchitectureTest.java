package io.s64.emulator;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The emulator's layout as rules, checked on its compiled main classes: the packages below {@code
 * io.s64.emulator} have no cycle, nothing depends on another s64 module (the emulator is written
 * from the contract alone, not from orchestrator-core), and the exported package holds only the
 * public API.
 */
class ArchitectureTest {
  private static final Path MAIN_CLASSES = Paths.get("target", "classes");
  private static final JavaClasses CLASSES = new ClassFileImporter().importPath(MAIN_CLASSES);

  @Test
  void thePackagesBelowTheApiHaveNoCycle() {
    slices().matching("io.s64.emulator.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void theEmulatorDependsOnNoOtherS64Module() {
    noClasses().that().resideInAPackage("io.s64.emulator..")
        .should().dependOnClassesThat(
            resideInAPackage("io.s64..").and(not(resideInAPackage("io.s64.emulator.."))))
        .check(CLASSES);
  }

  @Test
  void theExportedPackageHoldsOnlyTheApi() {
    List<String> exported = CLASSES.stream()
        .filter(c -> c.getPackageName().equals("io.s64.emulator"))
        .filter(JavaClass::isTopLevelClass)
        .filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC))
        .map(JavaClass::getSimpleName)
        .sorted()
        .collect(Collectors.toList());
    System.out.println("exported types of io.s64.emulator: " + exported);
    assertEquals(List.of("DurationRange", "DurationShape", "Emulator", "EmulatorConfig",
        "EmulatorMain", "EmulatorStats", "FaultKind", "ManualClock", "SearchRecord",
        "WebhookRecord", "WorkflowStats"), exported);
  }
}
