package io.smi4j.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The shape of the consumers, checked here because this module sees every module's classes: jmx and tui
 * (main code) read snapshots and name neither the NVML port nor the mock; no package cycle anywhere.
 * Tests may build NVML fixtures (a test {@code NvmlProvider}, a mock session), so they are not checked.
 * {@link ConsumerRulesFailTest} shows the consumer rule failing on a class that breaks it.
 */
@AnalyzeClasses(packages = "io.smi4j", importOptions = ImportOption.DoNotIncludeTests.class)
public class ConsumerArchitectureTest {

    static final String[] CONSUMERS = {
        "io.smi4j.jmx..", "io.smi4j.jfr..", "io.smi4j.agent..", "io.smi4j.prometheus..",
        "io.smi4j.cli..", "io.smi4j.dashboard..", "io.smi4j.report..", "io.smi4j.fleet..",
        "io.smi4j.micrometer..", "io.smi4j.otel..",
    };

    @ArchTest
    static final ArchRule jmxAndTuiImportNoNvml = noClasses()
            .that().resideInAnyPackage(CONSUMERS)
            .should().dependOnClassesThat().resideInAPackage("io.smi4j.nvml..")
            .because("consumers read snapshots in the model's vocabulary; nothing downstream calls NVML");

    @ArchTest
    static final ArchRule jmxAndTuiNameNoSimulator = noClasses()
            .that().resideInAnyPackage(CONSUMERS)
            .should().dependOnClassesThat().resideInAPackage("io.smi4j.mock..")
            .because("scenarios are found through NvmlProvider, so the mock stays a runtime choice");

    /** The rules above hold over every module, not over an empty import. */
    @ArchTest
    static void theRulesSeeEveryModule(JavaClasses classes) {
        for (String name : new String[] {"io.smi4j.collect.NvmlGpuReader", "io.smi4j.mock.MockNvml",
                "io.smi4j.jmx.Smi4jJmx", "io.smi4j.cli.Smi4jCli", "io.smi4j.micrometer.GpuMeterBinder",
                "io.smi4j.otel.GpuInstruments"}) {
            assertTrue(classes.contain(name), name);
        }
    }

    @ArchTest
    static final ArchRule noPackageCycleInAnyModule = slices().matching("io.smi4j.(**)").should().beFreeOfCycles();
}
