package io.smi4j.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.smi4j.report.Promtool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/prometheus/smi4j-alerts.yml}: accepted by promtool, its unit tests pass, and it
 * speaks the exporter's language. The last point matters because promtool's unit tests only
 * compare the rules with series the test file invents: a misspelt family or label, written the
 * same way in both files, would pass them.
 */
class AlertRulesTest {

    private static final Path DIR = Deploy.file("prometheus");
    private static final Pattern FAMILY = Pattern.compile("\\ballsmi_\\w+");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:on|ignoring|by|without|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern TEMPLATE_LABEL = Pattern.compile("\\$labels\\.(\\w+)");
    private static final Pattern SERIES = Pattern.compile("^(\\w+)\\{(.*)}$");
    private static final Pattern SERIES_LABEL = Pattern.compile("(\\w+)\\s*=\\s*\"");

    private static List<JsonNode> alerts() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode group : Deploy.YAML.readTree(DIR.resolve("smi4j-alerts.yml").toFile()).path("groups")) {
            group.path("rules").forEach(out::add);
        }
        return out;
    }

    private static JsonNode unitTests() throws IOException {
        return Deploy.YAML.readTree(DIR.resolve("smi4j-alerts.test.yml").toFile());
    }

    @Test
    void promtoolCheckRulesAcceptsTheRules() throws Exception {
        Promtool.Result r = Promtool.run(DIR, "check", "rules", "smi4j-alerts.yml");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("SUCCESS: " + alerts().size() + " rules found"), r.output());
    }

    @Test
    void theAlertsFireAndStayQuietAsTheirPromtoolUnitTestsExpect() throws Exception {
        Promtool.Result r = Promtool.run(DIR, "test", "rules", "smi4j-alerts.test.yml");
        assertEquals(0, r.exitCode(), r.output());
    }

    @Test
    void everyRuleIsAnAlertWithASeverityASummaryAndADescription() throws Exception {
        Set<String> names = new HashSet<>();
        for (JsonNode rule : alerts()) {
            String name = rule.path("alert").asText();
            assertFalse(name.isEmpty(), "not an alerting rule: " + rule);
            assertTrue(names.add(name), "alert defined twice: " + name);
            assertTrue(Set.of("critical", "warning", "info").contains(rule.path("labels").path("severity").asText()),
                    name + ": severity must be critical, warning or info");
            assertFalse(rule.path("annotations").path("summary").asText().isBlank(), name + ": no summary");
            assertFalse(rule.path("annotations").path("description").asText().isBlank(), name + ": no description");
        }
    }

    @Test
    void everyAlertFiresInAtLeastOneUnitTest() throws Exception {
        Set<String> fired = new TreeSet<>();
        for (JsonNode test : unitTests().path("tests")) {
            for (JsonNode eval : test.path("alert_rule_test")) {
                if (!eval.path("exp_alerts").isEmpty()) {
                    fired.add(eval.path("alertname").asText());
                }
            }
        }
        Set<String> defined = new TreeSet<>();
        for (JsonNode rule : alerts()) {
            defined.add(rule.path("alert").asText());
        }
        assertEquals(defined, fired);
    }

    @Test
    void theRulesUseOnlyTheExportersFamiliesAndTheirLabels() throws Exception {
        Map<String, List<String>> families = Deploy.families();
        for (JsonNode rule : alerts()) {
            String name = rule.path("alert").asText();
            String expr = rule.path("expr").asText();
            Set<String> labels = new HashSet<>(Deploy.TARGET_LABELS);
            Matcher f = FAMILY.matcher(expr);
            while (f.find()) {
                assertTrue(families.containsKey(f.group()), name + ": no family " + f.group() + " in SeriesCatalog");
                labels.addAll(families.get(f.group()));
            }
            Matcher g = GROUPING.matcher(expr);
            while (g.find()) {
                for (String label : g.group(1).split(",")) {
                    assertTrue(label.isBlank() || labels.contains(label.strip()),
                            name + ": label " + label.strip() + " is not on its families");
                }
            }
            Matcher t = TEMPLATE_LABEL.matcher(rule.path("annotations").toString());
            while (t.find()) {
                assertTrue(labels.contains(t.group(1)), name + ": annotation uses label " + t.group(1)
                        + ", not on its families");
            }
        }
    }

    @Test
    void theUnitTestsFeedSeriesShapedLikeTheExportersOwn() throws Exception {
        Map<String, List<String>> families = Deploy.families();
        for (JsonNode test : unitTests().path("tests")) {
            for (JsonNode input : test.path("input_series")) {
                String series = input.path("series").asText();
                Matcher m = SERIES.matcher(series);
                assertTrue(m.matches(), "unexpected series notation: " + series);
                Set<String> labels = new TreeSet<>();
                Matcher l = SERIES_LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.add(l.group(1));
                }
                labels.removeAll(Deploy.TARGET_LABELS);
                if (m.group(1).equals("up")) {
                    assertEquals(Set.of(), labels, series);
                } else {
                    assertTrue(families.containsKey(m.group(1)), "no family " + m.group(1) + " in SeriesCatalog");
                    assertEquals(new TreeSet<>(families.get(m.group(1))), labels, series);
                }
            }
        }
    }
}
