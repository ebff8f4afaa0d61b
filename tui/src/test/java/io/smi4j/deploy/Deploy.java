package io.smi4j.deploy;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.smi4j.jmx.SeriesCatalog;
import io.smi4j.jmx.SeriesTable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The files under {@code deploy/} and what they are checked against. */
final class Deploy {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new YAMLMapper();

    /** Labels Prometheus adds to every scraped series ({@code host} is smi4j's own). */
    static final List<String> TARGET_LABELS = List.of("job", "instance");

    private Deploy() {
    }

    /** {@code deploy/RELATIVE} in the source tree the build runs in. */
    static Path file(String relative) {
        String root = System.getProperty("smi4j.root");
        assertNotNull(root, "system property smi4j.root not set (run the tests through Maven)");
        return Path.of(root, "deploy", relative);
    }

    /** Every {@code allsmi_*} family the exporter serves, with its labels. */
    static Map<String, List<String>> families() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (SeriesTable<?> table : SeriesCatalog.ALL) {
            for (SeriesTable.Column<?> column : table.columns()) {
                out.put(column.family().name(), table.labels());
            }
        }
        return out;
    }
}
