package io.s64.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library's structure as rules, checked on its compiled main classes and its module
 * declaration: what it exports and nothing more, no package cycle, no dependency on the other
 * modules, no flow calling another kind's flow, and no third-party type in a public signature.
 * The exported types are printed, so the test output shows the public API.
 */
class ArchitectureTest {
  private static final Path MAIN_CLASSES = Paths.get("target", "classes");
  private static final JavaClasses CLASSES = new ClassFileImporter().importPath(MAIN_CLASSES);
  private static final String FLOW = "io.s64.batch.Flow";
  /**
   * The most public top-level types the exported packages may hold (Caffeine's cache package is
   * about that size). Options and small value types a user names through their owner are nested in
   * it (PollSchedule.Learned, DeepSearchRequest.Mode, the Workflows records); machinery is internal.
   */
  private static final int MAX_EXPORTED_TYPES = 30;

  /** What a user names in code, and nothing else: a new public type must be added here on purpose. */
  private static final List<String> EXPORTED_TYPES = List.of(
      "io.s64.RetryPolicy",
      "io.s64.Sixtyfour",
      "io.s64.batch.Batch",
      "io.s64.error.ApiException",
      "io.s64.error.ConfigurationException",
      "io.s64.error.DecodeException",
      "io.s64.error.RateLimitedException",
      "io.s64.error.S64Exception",
      "io.s64.error.TransportException",
      "io.s64.http.HttpTransport",
      "io.s64.job.BatchEvent",
      "io.s64.job.Job",
      "io.s64.job.Outcome",
      "io.s64.journal.Journal",
      "io.s64.limits.RequestBudget",
      "io.s64.limits.SearchSlots",
      "io.s64.model.CompanyIntelligenceRequest",
      "io.s64.model.DeepSearchRequest",
      "io.s64.model.DownloadLink",
            "io.s64.model.JobStatus",
            "io.s64.model.Page",
      "io.s64.model.PeopleIntelligenceRequest",
      "io.s64.model.QueryRequest",
      "io.s64.model.Row",
      "io.s64.model.SearchStatus",
      "io.s64.model.Task",
      "io.s64.model.Workflows",
      "io.s64.poll.PollSchedule",
      "io.s64.sink.RowSink",
      "io.s64.webhook.WebhookVerifier");

  private static ModuleDescriptor module() throws IOException {
    try (InputStream in = Files.newInputStream(MAIN_CLASSES.resolve("module-info.class"))) {
      return ModuleDescriptor.read(in);
    }
  }

  private static Set<String> exportedPackages() throws IOException {
    return module().exports().stream()
        .filter(e -> !e.isQualified())
        .map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<JavaClass> exportedTypes() throws IOException {
    Set<String> exported = exportedPackages();
    return CLASSES.stream()
        .filter(c -> exported.contains(c.getPackageName()))
        .filter(JavaClass::isTopLevelClass)
        .filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC))
        .sorted((a, b) -> a.getName().compareTo(b.getName()))
        .collect(Collectors.toList());
  }

  @Test
  void theModuleExportsEveryPublicPackageButTheInternalOne() throws IOException {
    Set<String> exported = exportedPackages();
    System.out.println("exported packages of " + module().name() + ": " + exported);
    assertEquals(Set.of("io.s64", "io.s64.batch", "io.s64.error", "io.s64.http", "io.s64.job",
        "io.s64.journal", "io.s64.limits", "io.s64.model", "io.s64.poll", "io.s64.sink",
        "io.s64.webhook"), exported);
  }

  @Test
  void theExportedPackagesHoldOnlyWhatAUserNames() throws IOException {
    List<String> names = exportedTypes().stream().map(JavaClass::getName).collect(Collectors.toList());
    System.out.println("exported types (" + names.size() + "):");
    names.forEach(n -> System.out.println("  " + n));
    assertTrue(names.size() <= MAX_EXPORTED_TYPES,
        names.size() + " exported types, more than " + MAX_EXPORTED_TYPES);
    assertEquals(EXPORTED_TYPES, names, "a public type joined or left the exported API");
  }

  @Test
  void noExportedTypeIsAnImplementation() throws IOException {
    List<String> implementations = exportedTypes().stream()
        .map(JavaClass::getSimpleName)
        .filter(n -> n.endsWith("Flow") || n.endsWith("Caller") || n.endsWith("Decoder")
            || n.startsWith("Bucket") || n.startsWith("Local") || n.startsWith("Netty")
            || n.startsWith("Unlimited") || n.endsWith("Impl") || n.endsWith("Reader"))
        .collect(Collectors.toList());
    assertEquals(List.of(), implementations);
  }

  @Test
  void thereIsNoPackageCycle() {
    slices().assignedFrom(new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass c) {
        return SliceIdentifier.of(c.getPackageName());
      }

      @Override
      public String getDescription() {
        return "each package of io.s64";
      }
    }).should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void theLibraryDependsOnNeitherTheCommandLineNorTheEmulator() {
    noClasses().that().resideInAPackage("io.s64..")
        .should().dependOnClassesThat(resideInAnyPackage("io.s64.runner..", "io.s64.emulator..",
            "io.s64.bench.."))
        .check(CLASSES);
  }

  @Test
  void aFlowNeverCallsAnotherKindsFlow() {
    List<JavaClass> flows = CLASSES.stream()
        .filter(c -> c.getAllRawInterfaces().stream().anyMatch(i -> i.getName().equals(FLOW)))
        .collect(Collectors.toList());
    assertTrue(flows.size() >= 5, "the flows were found: " + flows);
    List<String> calls = new ArrayList<>();
    for (JavaClass flow : flows) {
      flow.getDirectDependenciesFromSelf().stream()
          .filter(d -> flows.contains(d.getTargetClass()) && !d.getTargetClass().equals(flow))
          .forEach(d -> calls.add(d.getDescription()));
    }
    assertEquals(List.of(), calls);
  }

  @Test
  void publicSignaturesShowNoThirdPartyImplementationType() throws IOException {
    List<String> leaks = new ArrayList<>();
    for (JavaClass type : exportedTypes()) {
      Stream.concat(Stream.of(type), type.getAllClassesSelfIsAssignableTo().stream()
              .filter(t -> t.getName().startsWith(type.getName() + "$")))
          .forEach(t -> leaks.addAll(leaks(t)));
      CLASSES.stream()
          .filter(c -> c.getName().startsWith(type.getName() + "$"))
          .filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC))
          .forEach(c -> leaks.addAll(leaks(c)));
    }
    assertEquals(List.of(), leaks);
  }

  private static List<String> leaks(JavaClass type) {
    List<String> leaks = new ArrayList<>();
    for (JavaCodeUnit unit : type.getCodeUnits()) {
      if (!unit.getModifiers().contains(JavaModifier.PUBLIC)
          && !unit.getModifiers().contains(JavaModifier.PROTECTED)) {
        continue;
      }
      List<JavaClass> used = new ArrayList<>(unit.getRawParameterTypes());
      used.add(unit.getRawReturnType());
      used.stream().filter(ArchitectureTest::thirdParty)
          .forEach(t -> leaks.add(unit.getFullName() + " uses " + t.getName()));
    }
    for (JavaField field : type.getFields()) {
      if (field.getModifiers().contains(JavaModifier.PUBLIC) && thirdParty(field.getRawType())) {
        leaks.add(field.getFullName() + " is a " + field.getRawType().getName());
      }
    }
    return leaks;
  }

  private static boolean thirdParty(JavaClass t) {
    String n = t.getName();
    return n.startsWith("com.fasterxml.") || n.startsWith("io.netty.") || n.startsWith("reactor.netty.")
        || n.startsWith("io.github.bucket4j.") || n.startsWith("com.github.benmanes.");
  }
}
