package io.smi4j.architecture;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.smi4j.model.ModelThatSpeaksTheBinding;
import io.smi4j.nvml.MemoryInfo;
import org.junit.jupiter.api.Test;

/** The rules of {@link CoreArchitectureTest} fail when a class breaks them (classes of this test tree, on purpose). */
class ArchitectureRulesFailTest {

    @Test
    void aModelRecordWearingAPortTypeBreaksTheModelRuleAndMakesACycle() {
        JavaClasses classes = new ClassFileImporter().importClasses(ModelThatSpeaksTheBinding.class, MemoryInfo.class);
        AssertionError e = assertThrows(AssertionError.class,
                () -> CoreArchitectureTest.theModelDependsOnNothingOfSmi4jButItself.check(classes));
        assertTrue(e.getMessage().contains("ModelThatSpeaksTheBinding"), e.getMessage());
        JavaClasses withPort = new ClassFileImporter().importPackages("io.smi4j.model", "io.smi4j.nvml");
        assertThrows(AssertionError.class, () -> CoreArchitectureTest.packagesDependOnEachOtherOneWay.check(withPort));
    }

    @Test
    void aCollectorClassCallingNvmlAroundThePolicyBreaksThePortRule() throws Exception {
        JavaClasses classes = new ClassFileImporter()
                .importClasses(Class.forName("io.smi4j.collect.ReaderAroundThePolicy"));
        AssertionError e = assertThrows(AssertionError.class,
                () -> CoreArchitectureTest.onlyTheSessionThePolicyAndTheReadersCallThePort.check(classes));
        assertTrue(e.getMessage().contains("deviceTemperature"), e.getMessage());
        assertTrue(e.getMessage().contains("deviceName"), "a method reference counts: " + e.getMessage());
    }
}
