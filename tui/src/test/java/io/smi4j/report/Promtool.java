package io.smi4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smi4j.testing.NvmlSdk;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Prometheus's {@code promtool}, fetched by {@code scripts/promtool.sh}; the test is skipped when it cannot be. */
public final class Promtool {

    /** What one promtool run printed (stdout and stderr together) and its exit code. */
    public record Result(int exitCode, String output) {
    }

    private Promtool() {
    }

    /** The promtool binary, or the test is skipped (failed under CI=true) with the script's reason. */
    public static Path require() throws IOException, InterruptedException {
        String root = System.getProperty("smi4j.root");
        if (root == null || !Files.isRegularFile(Path.of(root, "scripts/promtool.sh"))) {
            NvmlSdk.unavailable("scripts/promtool.sh not found (system property smi4j.root: " + root + ")");
        }
        Process find = new ProcessBuilder("bash", Path.of(root, "scripts/promtool.sh").toString())
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        String path = new String(find.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String why = new String(find.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!find.waitFor(300, TimeUnit.SECONDS) || find.exitValue() != 0 || path.isEmpty()) {
            NvmlSdk.unavailable(why.isEmpty() ? "promtool unavailable" : why.lines().reduce((a, b) -> b).orElse(why));
        }
        return Path.of(path.lines().reduce((a, b) -> b).orElseThrow());
    }

    /** Runs {@code promtool ARGS...} in {@code dir} (rule files name their rules relative to it). */
    public static Result run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(require().toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(120, TimeUnit.SECONDS);
        return new Result(p.exitValue(), output);
    }

    /** Fails unless promtool accepts {@code exposition} without errors or lint problems. */
    public static void checkMetrics(String exposition) throws IOException, InterruptedException {
        Process check = new ProcessBuilder(require().toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = check.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        check.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, check.exitValue(), "promtool check metrics:\n" + output);
        assertEquals("", output.strip(), "promtool check metrics reported problems");
    }
}
