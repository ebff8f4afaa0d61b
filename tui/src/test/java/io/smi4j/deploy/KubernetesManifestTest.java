package io.smi4j.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/kubernetes/smi4j-daemonset.yaml}, read with Jackson's YAML module and checked with the
 * Kubernetes API's own model classes (client-java-api, generated from the API's OpenAPI document):
 * their {@code validateJsonElement} rejects a field the API does not define at any depth and a missing
 * required one. The ServiceMonitor is a Prometheus Operator resource the client does not model: its
 * fields are checked against an allow-list taken from the operator's monitoring.coreos.com/v1 CRD.
 */
class KubernetesManifestTest {

    private static final Path FILE = Deploy.file("kubernetes/smi4j-daemonset.yaml");

    /** The ServiceMonitor fields used here, as the CRD names them. */
    private static final Set<String> SERVICE_MONITOR_SPEC = Set.of("selector", "endpoints", "namespaceSelector",
            "jobLabel", "targetLabels", "podTargetLabels");
    private static final Set<String> SERVICE_MONITOR_ENDPOINT = Set.of("port", "targetPort", "path", "scheme",
            "interval", "scrapeTimeout", "honorLabels", "relabelings", "metricRelabelings", "tlsConfig", "basicAuth");

    private static List<JsonNode> documents(String yaml) throws IOException {
        return Deploy.YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll();
    }

    private static JsonElement gson(JsonNode node) {
        return JsonParser.parseString(node.toString());
    }

    /** Throws when {@code document} uses a field its kind does not define. */
    private static void validate(JsonNode document) throws IOException {
        switch (document.path("apiVersion").asText() + " " + document.path("kind").asText()) {
            case "apps/v1 DaemonSet" -> V1DaemonSet.validateJsonElement(gson(document));
            case "v1 Service" -> V1Service.validateJsonElement(gson(document));
            case "monitoring.coreos.com/v1 ServiceMonitor" -> {
                onlyFields(document, Set.of("apiVersion", "kind", "metadata", "spec"), "ServiceMonitor");
                V1ObjectMeta.validateJsonElement(gson(document.path("metadata")));
                onlyFields(document.path("spec"), SERVICE_MONITOR_SPEC, "ServiceMonitor spec");
                V1LabelSelector.validateJsonElement(gson(document.path("spec").path("selector")));
                for (JsonNode endpoint : document.path("spec").path("endpoints")) {
                    onlyFields(endpoint, SERVICE_MONITOR_ENDPOINT, "ServiceMonitor endpoint");
                }
            }
            default -> throw new IllegalArgumentException("unexpected resource "
                    + document.path("apiVersion").asText() + " " + document.path("kind").asText());
        }
    }

    private static void onlyFields(JsonNode node, Set<String> allowed, String what) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("The field `" + name + "` is not defined in " + what);
            }
        }
    }

    private static JsonNode daemonSet() throws IOException {
        return documents(Files.readString(FILE)).get(0);
    }

    @Test
    void theFileHoldsADaemonSetAHeadlessServiceAndAServiceMonitor() throws Exception {
        List<JsonNode> docs = documents(Files.readString(FILE));
        assertEquals(List.of("apps/v1 DaemonSet", "v1 Service", "monitoring.coreos.com/v1 ServiceMonitor"),
                docs.stream().map(d -> d.path("apiVersion").asText() + " " + d.path("kind").asText()).toList());
        assertEquals("None", docs.get(1).path("spec").path("clusterIP").asText());
    }

    @Test
    void everyDocumentUsesOnlyFieldsTheKubernetesApiDefines() throws Exception {
        for (JsonNode document : documents(Files.readString(FILE))) {
            validate(document);
        }
    }

    @Test
    void aMisspeltFieldAnywhereIsRejected() throws Exception {
        String yaml = Files.readString(FILE);
        for (Map.Entry<String, String> typo : Map.of(
                "nodeSelector:", "nodeSelecter:",
                "readOnlyRootFilesystem:", "readOnlyRootFileSystem:",
                "scrapeTimeout:", "scrapeTimout:").entrySet()) {
            assertTrue(yaml.contains(typo.getKey()), typo.getKey());
            List<JsonNode> docs = documents(yaml.replace(typo.getKey(), typo.getValue()));
            String misspelt = typo.getValue().replace(":", "");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
                for (JsonNode d : docs) {
                    validate(d);
                }
            }, misspelt);
            assertTrue(e.getMessage().contains("`" + misspelt + "`"), e.getMessage());
        }
    }

    @Test
    void thePodsRunOnGpuNodesThroughTheNvidiaRuntimeWithNvmlOnly() throws Exception {
        JsonNode pod = daemonSet().path("spec").path("template").path("spec");
        assertEquals("true", pod.path("nodeSelector").path("nvidia.com/gpu.present").asText());
        assertEquals("nvidia", pod.path("runtimeClassName").asText());
        JsonNode env = pod.path("containers").get(0).path("env");
        assertEquals("all", value(env, "NVIDIA_VISIBLE_DEVICES"));
        assertEquals("utility", value(env, "NVIDIA_DRIVER_CAPABILITIES"));
    }

    @Test
    void theExporterRunsAsNonRootOnAReadOnlyRootWithoutCapabilities() throws Exception {
        JsonNode pod = daemonSet().path("spec").path("template").path("spec");
        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean());
        assertTrue(pod.path("securityContext").path("runAsUser").asInt() > 0);
        JsonNode container = pod.path("containers").get(0).path("securityContext");
        assertTrue(container.path("readOnlyRootFilesystem").asBoolean());
        assertEquals(false, container.path("allowPrivilegeEscalation").asBoolean(true));
        assertEquals("[\"ALL\"]", container.path("capabilities").path("drop").toString());
    }

    @Test
    void theScrapeAnnotationsNameThePortTheContainerServes() throws Exception {
        JsonNode template = daemonSet().path("spec").path("template");
        JsonNode annotations = template.path("metadata").path("annotations");
        JsonNode container = template.path("spec").path("containers").get(0);
        assertEquals("true", annotations.path("prometheus.io/scrape").asText());
        assertEquals("/metrics", annotations.path("prometheus.io/path").asText());
        String port = container.path("ports").get(0).path("containerPort").asText();
        assertEquals(port, annotations.path("prometheus.io/port").asText());
        assertTrue(container.path("args").toString().contains("\"--port\",\"" + port + "\""), container.path("args").toString());
        assertTrue(container.path("args").toString().contains("\"--bind\",\"0.0.0.0\""), "binds beyond loopback");
    }

    private static String value(JsonNode env, String name) {
        for (JsonNode e : env) {
            if (e.path("name").asText().equals(name)) {
                return e.path("value").asText();
            }
        }
        return "";
    }
}
