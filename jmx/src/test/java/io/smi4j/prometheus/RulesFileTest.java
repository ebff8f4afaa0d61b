package io.smi4j.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.jmx.SeriesCatalog;
import io.smi4j.jmx.SeriesTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RulesFileTest {

    @Test
    void theShippedRulesFileIsTheOneTheCatalogDefines() {
        assertEquals(RulesFile.yaml(), RulesFile.shipped(),
                "regenerate with: java -cp jmx/target/classes:core/target/classes io.smi4j.prometheus.RulesFile jmx");
    }

    @Test
    void theReadmeDocumentsExactlyTheFamiliesTheCatalogDefines() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("smi4j.root", ".."), "README.md"));
        assertEquals(RulesFile.markdown().strip(), RulesFile.readmeSection(readme),
                "regenerate with: java -cp jmx/target/classes:core/target/classes io.smi4j.prometheus.RulesFile jmx README.md");
    }

    @Test
    void everyFamilyIsNamedAllsmiOnceWithHelpAndNoInstanceLabel() {
        Set<String> names = new HashSet<>();
        for (SeriesTable<?> t : SeriesCatalog.ALL) {
            assertFalse(t.labels().contains("instance"), t.attribute());
            for (SeriesTable.Column<?> c : t.columns()) {
                assertTrue(c.family().name().startsWith("allsmi_"), c.family().name());
                assertTrue(names.add(c.family().name()), "twice: " + c.family().name());
                assertFalse(c.family().help().isBlank(), c.family().name());
                assertEquals(c.family().counter(), c.family().name().endsWith("_total"), c.family().name());
            }
        }
    }
}
