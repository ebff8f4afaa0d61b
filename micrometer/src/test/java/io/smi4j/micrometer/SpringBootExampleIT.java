package io.smi4j.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Spring Boot example for real: examples/spring-boot is built by Maven (Spring Boot 4.0.7's parent,
 * against the smi4j jars of this build, nothing installed) and its fat jar started with the bare-metal mock; its
 * Actuator endpoint /actuator/prometheus must carry smi4j's GPU meters beside the JVM's. Bounded: 5 minutes for the
 * build (a fresh machine downloads Spring Boot once), 2 for the service to answer.
 */
class SpringBootExampleIT {

    @TempDir
    Path lib;

    @Test
    void theSpringBootExampleServesTheGpuMetersOnActuatorsPrometheusEndpoint() throws Exception {
        Path root = Path.of(System.getProperty("smi4j.root", "..")).toAbsolutePath().normalize();
        Path example = root.resolve("examples/spring-boot");
        copy(root.resolve("core/target"), "smi4j-core-", lib.resolve("smi4j-core.jar"));
        copy(root.resolve("mock/target"), "smi4j-mock-", lib.resolve("smi4j-mock.jar"));
        Files.copy(Path.of(System.getProperty("smi4j.micrometer.jar")), lib.resolve("smi4j-micrometer.jar"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");

        // offline first (Maven's cache); online only when the cache lacks something (a fresh machine, once)
        int rc = build(example, true);
        if (rc != 0) {
            rc = build(example, false);
        }
        assertEquals(0, rc, () -> "the example's build: " + log(lib.resolve("build.log")));
        Path jar = example.resolve("target/smi4j-spring-boot-example.jar");
        assertTrue(Files.isRegularFile(jar));

        // port 0: the embedded server binds a port of its own and logs it, so no other listener can take it first
        Process app = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "--server.port=0",
                "--server.address=127.0.0.1", "--smi4j.mock=bare-metal")
                .redirectErrorStream(true).redirectOutput(lib.resolve("app.log").toFile()).start();
        try {
            String body = scrape(listeningPort(app), app);
            assertTrue(body.contains("jvm_memory_used_bytes{"), "Actuator's own meters");
            assertEquals(8, body.lines().filter(l -> l.startsWith("gpu_utilization{")).count(),
                    "one gpu_utilization per GPU of the bare-metal mock");
            assertTrue(body.lines().anyMatch(l -> l.startsWith("gpu_memory_total_bytes{")
                    && l.endsWith(" 8.589934592E10")), "80 GiB per H100");
            assertTrue(body.contains("process_gpu_memory_used_bytes{"), "this service's own GPU use");
            assertTrue(body.contains("process_gpu_utilization{"));
            assertTrue(body.contains("gpu_errors_total{"));
        } finally {
            app.destroy();
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }

    /** {@code mvn package} of the example against the jars in {@link #lib}; its exit code (-1: timed out). */
    private int build(Path example, boolean offline) throws Exception {
        List<String> build = new ArrayList<>(List.of("mvn", "-B", "-q", "-f", example.resolve("pom.xml").toString(),
                "-Dsmi4j.lib=" + lib, "package"));
        if (offline) {
            build.add(1, "-o");
        }
        ProcessBuilder mvn = new ProcessBuilder(build).redirectErrorStream(true)
                .redirectOutput(lib.resolve("build.log").toFile());
        mvn.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process b = mvn.start();
        if (!b.waitFor(5, TimeUnit.MINUTES)) {
            b.destroyForcibly().waitFor();
            return -1;
        }
        return b.exitValue();
    }

    /** /actuator/prometheus once the service answers with the GPU meters (the first poll is done), within 2 minutes. */
    private String scrape(int port, Process app) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(10)).build();
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < end && app.isAlive()) {
            try {
                HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("gpu_utilization{")) {
                    return r.body();
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no GPU meters on /actuator/prometheus: " + log(lib.resolve("app.log")));
    }

    private static void copy(Path dir, String prefix, Path to) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            Path jar = files.filter(f -> f.getFileName().toString().startsWith(prefix)
                            && f.getFileName().toString().endsWith(".jar")
                            && !f.getFileName().toString().endsWith("-tests.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + "*.jar in " + dir
                            + ": build the reactor (mvn -B verify) first"));
            Files.copy(jar, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The port the service logged ("Tomcat started on port 41235 (http)"), within 2 minutes. */
    private int listeningPort(Process app) throws Exception {
        java.util.regex.Pattern started = java.util.regex.Pattern.compile("started on port\\(?s?\\)?:? (\\d+)");
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < end && app.isAlive()) {
            java.util.regex.Matcher m = started.matcher(Files.readString(lib.resolve("app.log")));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the service logged no port: " + log(lib.resolve("app.log")));
    }

    private static String log(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
