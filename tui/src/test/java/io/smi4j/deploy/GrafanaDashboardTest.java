package io.smi4j.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smi4j.collect.Collector;
import io.smi4j.collect.CollectorOptions;
import io.smi4j.collect.GpuReader;
import io.smi4j.prometheus.PrometheusText;
import io.smi4j.report.Promtool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/grafana/smi4j-vgpu.json}: a Grafana 10 dashboard model whose every PromQL expression
 * parses (promtool, as recording rules) and returns data from what the exporter serves for the mock
 * {@code vgpu-host}, so a misspelt family, label or function fails here rather than on a screen.
 */
class GrafanaDashboardTest {

    private static final String DATASOURCE = "${DS_PROMETHEUS}";
    private static final Pattern FAMILY = Pattern.compile("\\ballsmi_\\w+");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:on|ignoring|by|without)\\s*\\(([^)]*)\\)");
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");
    private static final Pattern VARIABLE_QUERY = Pattern.compile("label_values\\((\\w+),\\s*(\\w+)\\)");
    /** The host label of the test series, and what {@code $host} becomes in the expressions. */
    private static final String HOST = "hv1";

    /** One query of one panel. */
    private record Query(JsonNode panel, JsonNode target) {

        String name() {
            return "panel " + panel.path("id").asText() + " (" + panel.path("title").asText() + ") target "
                    + target.path("refId").asText();
        }

        String recordName() {
            return "smi4j_dashboard:panel_" + panel.path("id").asText() + "_" + target.path("refId").asText();
        }

        /** The expression as Grafana sends it: the host variable and the rate interval filled in. */
        String expr() {
            return target.path("expr").asText().replace("$host", HOST).replace("$__rate_interval", "4m");
        }
    }

    private static JsonNode dashboard() throws IOException {
        return Deploy.JSON.readTree(Deploy.file("grafana/smi4j-vgpu.json").toFile());
    }

    /** Every panel, rows and the panels of collapsed rows included. */
    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            out.add(p);
            p.path("panels").forEach(out::add);
        }
        return out;
    }

    private static List<Query> queries(JsonNode dashboard) {
        List<Query> out = new ArrayList<>();
        for (JsonNode p : panels(dashboard)) {
            p.path("targets").forEach(t -> out.add(new Query(p, t)));
        }
        return out;
    }

    @Test
    void theDashboardCarriesTheModelsRequiredFields() throws Exception {
        JsonNode d = dashboard();
        assertTrue(d.path("uid").asText().matches("[a-zA-Z0-9_-]{1,40}"), "uid: " + d.path("uid"));
        assertFalse(d.path("title").asText().isBlank(), "title");
        // 38 is Grafana 10.0's model: every 10.x and later loads it (and migrates it upwards)
        assertEquals(38, d.path("schemaVersion").asInt(), "schemaVersion");
        assertTrue(d.path("templating").path("list").isArray(), "templating.list");
        assertTrue(d.path("panels").isArray() && !d.path("panels").isEmpty(), "panels");
        assertTrue(d.path("time").has("from") && d.path("time").has("to"), "time");
        assertTrue(d.path("id").isNull(), "id must be null so that an import creates the dashboard");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode p : panels(d)) {
            assertTrue(ids.add(p.path("id").asInt()), "panel id twice: " + p.path("id"));
            assertFalse(p.path("type").asText().isBlank(), "panel type: " + p);
            assertFalse(p.path("title").asText().isBlank(), "panel title: " + p.path("id"));
            JsonNode g = p.path("gridPos");
            for (String k : List.of("h", "w", "x", "y")) {
                assertTrue(g.path(k).isInt(), "panel " + p.path("id") + " gridPos." + k);
            }
            assertTrue(g.path("x").asInt() + g.path("w").asInt() <= 24, "panel " + p.path("id") + " wider than the grid");
        }
    }

    @Test
    void everyPanelQueriesPrometheusThroughTheDataSourceVariable() throws Exception {
        for (JsonNode p : panels(dashboard())) {
            if (p.path("type").asText().equals("row")) {
                continue;
            }
            String id = "panel " + p.path("id");
            assertEquals("prometheus", p.path("datasource").path("type").asText(), id);
            assertEquals(DATASOURCE, p.path("datasource").path("uid").asText(), id);
            assertFalse(p.path("targets").isEmpty(), id + " has no targets");
            Set<String> refIds = new HashSet<>();
            for (JsonNode t : p.path("targets")) {
                assertTrue(refIds.add(t.path("refId").asText()), id + ": refId twice");
                assertEquals(DATASOURCE, t.path("datasource").path("uid").asText(), id);
                assertFalse(t.path("expr").asText().isBlank(), id + ": empty expr");
            }
        }
    }

    @Test
    void theTemplatingOffersAPrometheusDataSourceAndAHostVariable() throws Exception {
        Map<String, JsonNode> vars = new LinkedHashMap<>();
        dashboard().path("templating").path("list").forEach(v -> vars.put(v.path("name").asText(), v));
        assertEquals(List.of("DS_PROMETHEUS", "host"), List.copyOf(vars.keySet()));
        assertEquals("datasource", vars.get("DS_PROMETHEUS").path("type").asText());
        assertEquals("prometheus", vars.get("DS_PROMETHEUS").path("query").asText());
        JsonNode host = vars.get("host");
        assertEquals("query", host.path("type").asText());
        assertEquals(DATASOURCE, host.path("datasource").path("uid").asText());
        assertTrue(host.path("multi").asBoolean() && host.path("includeAll").asBoolean(), "host: multi and All");
        Matcher q = VARIABLE_QUERY.matcher(host.path("query").path("query").asText());
        assertTrue(q.matches(), "host query: " + host.path("query"));
        assertTrue(Deploy.families().getOrDefault(q.group(1), List.of()).contains(q.group(2)),
                "host query over a family without that label: " + q.group());
        for (Query query : queries(dashboard())) {
            assertTrue(query.target().path("expr").asText().contains("host=~\"$host\""),
                    query.name() + " does not follow the host variable");
        }
    }

    @Test
    void theRowsAreHostHealthGpusVgpusCapacityAndScheduler() throws Exception {
        List<String> rows = new ArrayList<>();
        for (JsonNode p : panels(dashboard())) {
            if (p.path("type").asText().equals("row")) {
                rows.add(p.path("title").asText());
            }
        }
        assertEquals(List.of("Host overview and health", "GPUs", "vGPUs", "Capacity per vGPU type", "vGPU scheduler"),
                rows);
    }

    @Test
    void theQueriesLegendsAndColumnsNameOnlyTheExportersFamiliesAndLabels() throws Exception {
        Map<String, List<String>> families = Deploy.families();
        Map<JsonNode, Set<String>> panelLabels = new LinkedHashMap<>();
        for (Query q : queries(dashboard())) {
            String expr = q.target().path("expr").asText();
            Set<String> labels = panelLabels.computeIfAbsent(q.panel(), p -> new HashSet<>(Deploy.TARGET_LABELS));
            Set<String> own = new HashSet<>(Deploy.TARGET_LABELS);
            Matcher f = FAMILY.matcher(expr);
            assertTrue(f.find(), q.name() + " reads no allsmi_* family");
            do {
                assertTrue(families.containsKey(f.group()), q.name() + ": no family " + f.group() + " in SeriesCatalog");
                own.addAll(families.get(f.group()));
            } while (f.find());
            labels.addAll(own);
            for (Matcher m : List.of(GROUPING.matcher(expr), LEGEND_LABEL.matcher(q.target().path("legendFormat").asText()))) {
                while (m.find()) {
                    for (String label : m.group(1).split(",")) {
                        assertTrue(label.isBlank() || own.contains(label.strip()), q.name() + ": no label " + label.strip());
                    }
                }
            }
        }
        // table columns are renamed by label name
        panelLabels.forEach((panel, labels) -> {
            for (JsonNode t : panel.path("transformations")) {
                t.path("options").path("renameByName").fieldNames().forEachRemaining(column -> assertTrue(
                        column.startsWith("Value #") || column.equals("Time") || labels.contains(column),
                        "panel " + panel.path("id") + " renames column " + column + ", not a label of its families"));
            }
        });
    }

    @Test
    void promtoolParsesEveryExpressionAsARecordingRule(@TempDir Path dir) throws Exception {
        writeRules(dir, queries(dashboard()));
        Promtool.Result r = Promtool.run(dir, "check", "rules", "dashboard-rules.yml");
        assertEquals(0, r.exitCode(), r.output());
    }

    @Test
    void everyExpressionReturnsDataFromTheMockVgpuHostsExposition(@TempDir Path dir) throws Exception {
        List<Query> queries = queries(dashboard());
        writeRules(dir, queries);

        ObjectNode test = Deploy.YAML.createObjectNode();
        test.put("interval", "1m");
        ArrayNode input = test.putArray("input_series");
        for (String line : mockVgpuHostExposition().lines().toList()) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            // the exposition's series notation and escapes are those promtool's series notation reads
            input.addObject().put("series", line.substring(0, space))
                    .put("values", String.join(" ", Collections.nCopies(20, line.substring(space + 1))));
        }
        ArrayNode exprTests = test.putArray("promql_expr_test");
        for (Query q : queries) {
            ObjectNode t = exprTests.addObject();
            t.put("expr", "count(" + q.recordName() + ") > bool 0");
            t.put("eval_time", "10m");
            t.putArray("exp_samples").addObject().put("labels", "{}").put("value", 1);
        }
        ObjectNode file = Deploy.YAML.createObjectNode();
        file.putArray("rule_files").add("dashboard-rules.yml");
        file.put("evaluation_interval", "1m");
        file.putArray("tests").add(test);
        Deploy.YAML.writeValue(dir.resolve("dashboard-rules.test.yml").toFile(), file);

        Promtool.Result r = Promtool.run(dir, "test", "rules", "dashboard-rules.test.yml");
        assertEquals(0, r.exitCode(), r.output());
    }

    /** The dashboard's expressions as recording rules, one per panel target. */
    private static void writeRules(Path dir, List<Query> queries) throws IOException {
        ObjectNode file = Deploy.YAML.createObjectNode();
        ObjectNode group = file.putArray("groups").addObject().put("name", "smi4j-dashboard");
        ArrayNode rules = group.putArray("rules");
        for (Query q : queries) {
            rules.addObject().put("record", q.recordName()).put("expr", q.expr());
        }
        Deploy.YAML.writeValue(dir.resolve("dashboard-rules.yml").toFile(), file);
    }

    /** What the exporter serves for the mock vgpu-host after two polls, with the host label {@link #HOST}. */
    private static String mockVgpuHostExposition() {
        try (GpuReader reader = Collector.openReader(CollectorOptions.defaults().withMock("vgpu-host"))) {
            reader.read();
            return PrometheusText.render(reader.read(), HOST, PrometheusText.Format.TEXT);
        }
    }
}
