package io.smi4j.architecture;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** {@link ConsumerArchitectureTest}'s rule fails on a consumer class that breaks it (a class of this test tree). */
class ConsumerRulesFailTest {

    @Test
    void aReportAskingNvmlBreaksTheConsumerRule() throws Exception {
        JavaClasses classes = new ClassFileImporter().importClasses(Class.forName("io.smi4j.report.ReportThatAsksNvml"));
        AssertionError e = assertThrows(AssertionError.class,
                () -> ConsumerArchitectureTest.jmxAndTuiImportNoNvml.check(classes));
        assertTrue(e.getMessage().contains("ReportThatAsksNvml"), e.getMessage());
    }
}
