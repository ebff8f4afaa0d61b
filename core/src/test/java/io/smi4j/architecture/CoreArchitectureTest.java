package io.smi4j.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaAccess.Predicates.targetOwner;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.smi4j.nvml.Nvml;

/**
 * The shape of core (see the README's architecture section), held by its classes: the model is the
 * vocabulary and speaks no binding; only the session, the call policy and the readers of the collector
 * (and scheduler control, through the session's interface) call the NVML port; only the binding
 * touches JNA; packages depend on each other one way. {@link ArchitectureRulesFailTest} shows that
 * each rule fails when the shape is broken.
 */
@AnalyzeClasses(packages = "io.smi4j", importOptions = ImportOption.DoNotIncludeTests.class)
public class CoreArchitectureTest {

    /** Who may call the port: its own package and binding, the collector's session, policy and readers, control. */
    static final DescribedPredicate<JavaClass> PORT_CALLERS = resideInAPackage("io.smi4j.nvml..")
            .or(resideInAPackage("io.smi4j.control.."))
            .or(resideInAPackage("io.smi4j.collect").and(simpleName("RetryingSession")
                    .or(simpleName("CallPolicy"))
                    .or(simpleNameEndingWith("Reader").and(not(simpleName("NvmlGpuReader"))))))
            .as("the port, the binding, the session, the call policy, the readers and scheduler control");

    @ArchTest
    static final ArchRule theModelDependsOnNothingOfSmi4jButItself = noClasses()
            .that().resideInAPackage("io.smi4j.model..")
            .should().dependOnClassesThat(resideInAPackage("io.smi4j..").and(not(resideInAPackage("io.smi4j.model.."))))
            .because("the model is the vocabulary every consumer reads; the port speaks it, not the other way round");

    @ArchTest
    static final ArchRule onlyTheSessionThePolicyAndTheReadersCallThePort = noClasses()
            .that(not(PORT_CALLERS))
            .should().accessTargetWhere(targetOwner(assignableTo(Nvml.class)))
            .because("every NVML call goes through the session's lock and the call policy's classification");

    @ArchTest
    static final ArchRule controlBorrowsTheSessionThroughItsInterface = noClasses()
            .that().resideInAPackage("io.smi4j.control..")
            .should().dependOnClassesThat().haveSimpleName("NvmlGpuReader")
            .orShould().dependOnClassesThat().haveSimpleName("RetryingSession")
            .because("scheduler control uses the reader's session through NvmlSession, never by a downcast");

    @ArchTest
    static final ArchRule onlyTheBindingUsesJna = noClasses()
            .that().resideOutsideOfPackage("io.smi4j.nvml.jna..")
            .should().dependOnClassesThat().resideInAPackage("com.sun.jna..")
            .because("the port speaks Java types; JNA stays inside io.smi4j.nvml.jna");

    @ArchTest
    static final ArchRule packagesDependOnEachOtherOneWay = slices().matching("io.smi4j.(**)").should().beFreeOfCycles();
}
