package io.smi4j.prometheus;

import io.smi4j.testing.NvmlSdk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Prometheus's own {@code promtool}, fetched by {@code scripts/promtool.sh}; missing: skipped (failed under CI). */
public final class Promtool {

    private Promtool() {
    }

    public static Path require() throws IOException, InterruptedException {
        String root = System.getProperty("smi4j.root");
        if (root == null || root.isBlank()) {
            return NvmlSdk.unavailable("system property smi4j.root not set (run the tests through Maven)");
        }
        Process p = new ProcessBuilder("bash", Path.of(root, "scripts/promtool.sh").toString())
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0 || out.isEmpty()) {
            return NvmlSdk.unavailable("promtool could not be fetched: " + err);
        }
        return Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
    }

    /** Runs {@code promtool check metrics} on {@code text}: its output, empty when it found nothing wrong. */
    public static String checkMetrics(String text) throws IOException, InterruptedException {
        Path tool = require();
        Path file = Files.createTempFile("smi4j-metrics", ".txt");
        try {
            Files.writeString(file, text);
            Process p = new ProcessBuilder(tool.toString(), "check", "metrics").redirectInput(file.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            return rc == 0 ? out.strip() : ("exit " + rc + ": " + out).strip();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
