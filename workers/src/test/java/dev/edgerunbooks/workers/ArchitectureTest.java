package dev.edgerunbooks.workers;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameStartingWith;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.temporal.workflow.WorkflowInterface;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module table of DESIGN.md ("Modules") as rules over the compiled main classes of every module
 * (the workers' own, and the other modules' from their jars). Every rule must match classes
 * ({@code allowEmptyShould(false)}), so a renamed package cannot silently turn a rule off.
 */
class ArchitectureTest {
  private static final String WORKFLOWS = "dev.edgerunbooks.workflows..";
  private static final String RUNBOOKS = "dev.edgerunbooks.runbooks..";
  private static final String ACTIVITIES = "dev.edgerunbooks.activities..";
  private static final String WORKERS = "dev.edgerunbooks.workers..";
  private static final String STARTERS = "dev.edgerunbooks.starters..";
  private static final String LAB = "dev.edgerunbooks.lab..";
  private static final String OURS = "dev.edgerunbooks..";

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.edgerunbooks");
  }

  @Test
  void everyModuleIsImported() {
    for (String module : new String[] {WORKFLOWS, RUNBOOKS, ACTIVITIES, WORKERS, STARTERS, LAB}) {
      assertThat(classes.stream().filter(resideInAPackage(module)::test))
          .as("main classes in %s", module)
          .isNotEmpty();
    }
  }

  // ---- workflows: Temporal SDK and the JDK only, and no I/O or threads of its own

  @Test
  void workflowsDependOnlyOnTheJdkAndTemporal() {
    check(
        classes()
            .that()
            .resideInAPackage(WORKFLOWS)
            .should()
            .onlyDependOnClassesThat(
                resideInAnyPackage("java..", "io.temporal..", WORKFLOWS)
                    // what Workflow.getLogger returns: the SDK's replay-safe logger
                    .or(type(org.slf4j.Logger.class)))
            .because("workflow code sees the Temporal SDK only (DESIGN.md, Modules)"));
  }

  @Test
  void workflowsDoNoIo() {
    check(
        noClasses()
            .that()
            .resideInAPackage(WORKFLOWS)
            .should()
            .dependOnClassesThat(
                resideInAnyPackage("java.net..", "java.nio.file..", "java.nio.channels..")
                    .or(simpleNameStartingWith("File").and(resideInAPackage("java.io")))
                    .or(type(java.io.RandomAccessFile.class)))
            .because("workflow code must be deterministic: no file or network access"));
  }

  @Test
  void workflowsUseNoFrameworksOrClientLibraries() {
    check(
        noClasses()
            .that()
            .resideInAPackage(WORKFLOWS)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "com.fasterxml..", "software.amazon..")
            .because("workflow code sees the Temporal SDK only"));
  }

  @Test
  void workflowsStartNoThreadsOrExecutors() {
    check(
        noClasses()
            .that()
            .resideInAPackage(WORKFLOWS)
            .should()
            .callConstructorWhere(targetOwner(assignableTo(Thread.class)))
            .orShould()
            .dependOnClassesThat(
                resideInAPackage("java.util.concurrent..").and(not(type(TimeUnit.class))))
            .because("workflow code uses Workflow/Async/Promise, never its own threads or executors"));
  }

  @Test
  void workflowImplementationsReadNoClockAndNoRandomness() {
    check(
        noClasses()
            .that(workflowImplementations())
            .should()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(System.class, "nanoTime")
            .orShould()
            .callMethodWhere(nowOf(Instant.class, LocalDate.class, LocalDateTime.class, ZonedDateTime.class, OffsetDateTime.class))
            .orShould()
            .callConstructorWhere(targetOwner(assignableTo(Random.class)))
            .orShould()
            .callMethod(UUID.class, "randomUUID")
            .orShould()
            .callMethod(Math.class, "random")
            .orShould()
            .callMethodWhere(
                DescribedPredicate.<JavaMethodCall>describe(
                    "Thread.sleep", call -> call.getTargetOwner().isEquivalentTo(Thread.class) && call.getName().equals("sleep")))
            .because(
                "replay must reproduce the same commands: use Workflow.currentTimeMillis, "
                    + "Workflow.newRandom, Workflow.randomUUID and Workflow.sleep"));
  }

  // ---- the other modules

  @Test
  void labIsIndependentOfOurCode() {
    check(
        noClasses()
            .that()
            .resideInAPackage(LAB)
            .should()
            .dependOnClassesThat(resideInAPackage(OURS).and(not(resideInAPackage(LAB))))
            .because("the lab is an independent implementation of the public APIs"));
  }

  @Test
  void runbooksUseAtMostTheModelRecordsOfWorkflows() {
    check(
        noClasses()
            .that()
            .resideInAPackage(RUNBOOKS)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.temporal..", "org.springframework..")
            .orShould()
            .dependOnClassesThat(
                resideInAPackage(OURS)
                    .and(not(resideInAPackage(RUNBOOKS)))
                    .and(not(resideInAPackage(WORKFLOWS).and(modelRecord()))))
            .because("runbooks never calls Temporal; it may use the model records of workflows"));
  }

  @Test
  void activitiesDoNotDependOnTheModulesAboveThem() {
    check(
        noClasses()
            .that()
            .resideInAPackage(ACTIVITIES)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(RUNBOOKS, WORKERS, STARTERS, "org.springframework..")
            .because("activities depend on workflows and their clients' libraries only"));
  }

  @Test
  void startersDoNotDependOnActivitiesWorkersOrLab() {
    check(
        noClasses()
            .that()
            .resideInAPackage(STARTERS)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(ACTIVITIES, WORKERS, LAB)
            .because("starters depend on workflows, runbooks and the Temporal client only"));
  }

  // ---- helpers

  private static void check(ArchRule rule) {
    rule.allowEmptyShould(false).check(classes);
  }

  /** Classes implementing a {@code @WorkflowInterface}, and the classes nested in them (lambdas are methods). */
  private static DescribedPredicate<JavaClass> workflowImplementations() {
    return DescribedPredicate.describe(
        "workflow implementations (and their nested classes)",
        javaClass -> {
          for (Optional<JavaClass> c = Optional.of(javaClass); c.isPresent(); c = c.get().getEnclosingClass()) {
            JavaClass candidate = c.get();
            if (!candidate.isInterface()
                && candidate.getAllRawInterfaces().stream()
                    .anyMatch(i -> i.isAnnotatedWith(WorkflowInterface.class))) {
              return true;
            }
          }
          return false;
        });
  }

  /** Immutable model types: records (and the enums their components use). */
  private static DescribedPredicate<JavaClass> modelRecord() {
    return DescribedPredicate.describe(
        "a model record or enum", c -> c.isRecord() || c.isEnum());
  }

  private static <A extends JavaAccess<?>> DescribedPredicate<A> targetOwner(
      DescribedPredicate<? super JavaClass> owner) {
    return DescribedPredicate.describe(
        "target owner " + owner.getDescription(), access -> owner.test(access.getTargetOwner()));
  }

  private static DescribedPredicate<JavaCall<?>> nowOf(Class<?>... types) {
    return DescribedPredicate.describe(
        "now() of java.time",
        call -> {
          if (!call.getName().equals("now")) {
            return false;
          }
          for (Class<?> type : types) {
            if (call.getTargetOwner().isEquivalentTo(type)) {
              return true;
            }
          }
          return false;
        });
  }
}
