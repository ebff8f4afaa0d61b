package io.smi4j.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.smi4j.testing.NvmlSdk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/systemd/smi4j-api.service}, as systemd itself reads it: {@code systemd-analyze verify}
 * and {@code systemd-analyze security --offline} load unit files without a running systemd (the
 * tests' containers have none as PID 1). {@code verify} also checks that {@code ExecStart}'s binary
 * exists, so the host needs {@code /usr/bin/java} (Debian's JRE packages provide it).
 */
class SystemdUnitTest {

    private static final Path UNIT = Deploy.file("systemd/smi4j-api.service");

    private record Result(int exitCode, String output) {
    }

    /** {@code systemd-analyze ARGS...} with the given log level; skipped (failed under CI) without it. */
    private static Result systemdAnalyze(String logLevel, String... args) throws IOException, InterruptedException {
        Path tool = Path.of("/usr/bin/systemd-analyze");
        if (!Files.isExecutable(tool)) {
            NvmlSdk.unavailable("systemd-analyze not installed (Debian package systemd; scripts/test-deps.sh installs it)");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/java"))) {
            NvmlSdk.unavailable("the unit runs /usr/bin/java, absent here (Debian's openjdk-17-jre-headless provides it)");
        }
        List<String> command = new ArrayList<>(List.of(tool.toString()));
        command.addAll(List.of(args));
        // stdout and stderr in separate files: through one pipe their writes interleave and can cut a line in two
        Path out = Files.createTempFile("systemd-analyze", ".out");
        Path err = Files.createTempFile("systemd-analyze", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("SYSTEMD_LOG_LEVEL", logLevel);
            pb.environment().put("SYSTEMD_COLORS", "0");
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("systemd-analyze " + String.join(" ", args) + " did not end within 60 s");
            }
            String both = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (!stderr.isEmpty()) {
                both = both.isEmpty() || both.endsWith("\n") ? both + stderr : both + "\n" + stderr;
            }
            return new Result(p.exitValue(), both);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void systemdAnalyzeVerifyAcceptsTheUnitWithoutAWarning() throws Exception {
        // verify exits 0 on unknown keys and bad values too, only warning: silence is the pass
        Result r = systemdAnalyze("info", "verify", UNIT.toString());
        assertEquals(new Result(0, ""), r);
    }

    @Test
    void aMisspeltDirectiveMakesSystemdAnalyzeVerifyWarn(@TempDir Path dir) throws Exception {
        Path unit = dir.resolve("smi4j-api.service");
        Files.writeString(unit, Files.readString(UNIT).replace("ProtectSystem=strict", "ProtectSytem=strict"));
        Result r = systemdAnalyze("info", "verify", unit.toString());
        assertTrue(r.output().contains("Unknown key 'ProtectSytem' in section [Service]"), r.output());
    }

    @Test
    void theUnitRunsSmi4jApiFromTheJarAndRestartsOnFailure() throws Exception {
        // the debug log dumps the unit as systemd parsed it
        Result r = systemdAnalyze("debug", "verify", UNIT.toString());
        Set<String> parsed = new TreeSet<>();
        r.output().lines().map(String::strip).forEach(parsed::add);
        for (String line : List.of(
                "Command Line: /usr/bin/java \"\\$SMI4J_JAVA_OPTS\" -jar /opt/smi4j/smi4j.jar api \"\\$SMI4J_API_ARGS\"",
                "Restart: on-failure",
                "MemoryMax: " + 384L * 1024 * 1024,
                "DevicePolicy: closed",
                "DeviceAllow: /dev/nvidiactl rw",
                "DeviceAllow: char-nvidia-frontend rw",
                "DeviceAllow: char-nvidia rw",
                "DeviceAllow: char-nvidia-caps r")) {
            assertTrue(parsed.contains(line), "systemd did not parse: " + line);
        }
    }

    @Test
    void systemdSeesEveryHardeningMeasureTheUnitTakes() throws Exception {
        Result r = systemdAnalyze("info", "security", "--offline=true", "--json=short", UNIT.toString());
        assertEquals(0, r.exitCode(), r.output());
        Set<String> taken = new TreeSet<>();
        for (JsonNode check : Deploy.JSON.readTree(r.output())) {
            if (check.path("set").asBoolean()) {
                taken.add(check.path("json_field").asText());
            }
        }
        for (String measure : List.of("UserOrDynamicUser", "NoNewPrivileges", "ProtectSystem", "ProtectHome",
                "PrivateTmp", "CapabilityBoundingSet_CAP_SYS_ADMIN", "CapabilityBoundingSet_CAP_NET_ADMIN",
                "AmbientCapabilities", "RestrictAddressFamilies_AF_PACKET", "RestrictNamespaces_user",
                "ProtectKernelModules", "ProtectKernelTunables", "ProtectControlGroups", "RestrictSUIDSGID",
                "LockPersonality", "SystemCallArchitectures")) {
            assertTrue(taken.contains(measure), "systemd does not see " + measure + " in the unit; it sees " + taken);
        }
    }

    @Test
    void systemdRatesTheUnitsExposureAtMostFour() throws Exception {
        // 0 (locked down) to 10 (unprotected); what the JVM and NVML need (JIT memory, the NVIDIA
        // devices, the network) keeps it above 3
        Result r = systemdAnalyze("info", "security", "--offline=true", "--threshold=40", UNIT.toString());
        assertEquals(0, r.exitCode(), r.output());
    }
}
