package io.smi4j.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smi4j.jmx.SeriesCatalog;
import io.smi4j.jmx.SeriesRows;
import io.smi4j.jmx.SeriesTable;
import io.smi4j.jmx.TestSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The catalog's tables are listed in three places for three reasons: {@code SeriesCatalog.ALL} (the MBean's
 * attributes and the README), the rules file's order (most rows first, for the exporter's speed) and
 * {@code SeriesRows.forEachTable} (each table with its rows). A table added to one and not the others would
 * silently export nothing through that path: these tests hold the three together.
 */
class CatalogCoverageTest {

    @Test
    void theRulesFileHasARuleForEveryTableOfTheCatalogExactlyOnce() {
        assertEquals(SeriesCatalog.ALL.size(), RulesFile.RULE_ORDER.size(), RulesFile.RULE_ORDER.toString());
        assertEquals(Set.copyOf(SeriesCatalog.ALL), Set.copyOf(RulesFile.RULE_ORDER));
    }

    @Test
    void theRowsOfASnapshotVisitEveryTableOfTheCatalogInItsOrder() {
        List<SeriesTable<?>> visited = new ArrayList<>();
        SeriesRows.of(TestSnapshots.vgpuHost(1), "h").forEachTable(new SeriesRows.TableVisitor() {
            @Override
            public <R> void table(SeriesTable<R> table, List<R> rows) {
                visited.add(table);
            }
        });
        assertEquals(SeriesCatalog.ALL, visited);
    }

    @Test
    void noColumnIsNamedLikeALabelOfItsTableOrValue() {
        // a row of the Metrics MBean holds labels and columns side by side: one name twice breaks the whole MBean
        List<String> clashes = new ArrayList<>();
        for (SeriesTable<?> t : SeriesCatalog.ALL) {
            for (SeriesTable.Column<?> c : t.columns()) {
                // and the JMX exporter leaves a cell named "value" out of the name its rules match (seen with the
                // capability tables: the shipped rules exported nothing of them)
                if (t.labels().contains(c.name()) || c.name().equals("value")) {
                    clashes.add(t.attribute() + "." + c.name());
                }
            }
        }
        assertEquals(List.of(), clashes);
    }
}
