package io.smi4j.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.agent.ChildJvm;
import io.smi4j.jmx.TestSnapshots;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/** A real JVM records the smi4j events with -XX:StartFlightRecording; jdk.jfr.consumer and `jfr print` read them. */
class JfrIT {

    @Test
    void aRecordingHoldsEveryEventTypeWithTheRightValuesAndJfrPrintShowsThem() throws Exception {
        Path recording = Files.createTempFile("smi4j", ".jfr");
        // no agent here: the probe drives JfrEvents itself, so the class path holds core and jmx
        String classPath = String.join(java.io.File.pathSeparator, ChildJvm.location(JfrProbeMain.class),
                ChildJvm.location(JfrEvents.class), ChildJvm.location(io.smi4j.collect.Poller.class));
        try (ChildJvm jvm = ChildJvm.startWithClassPath(List.of("-XX:StartFlightRecording=filename=" + recording
                + ",dumponexit=true,settings=default"), classPath, JfrProbeMain.class.getName())) {
            assertEquals(0, jvm.waitFor(60), jvm.stderr());
            assertTrue(jvm.stdout().contains("jfr probe done"), jvm.stdout());
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(recording).stream()
                .filter(e -> e.getEventType().getName().startsWith("io.smi4j.")).toList();
        Map<String, List<RecordedEvent>> byType = new TreeMap<>();
        events.forEach(e -> byType.computeIfAbsent(e.getEventType().getName(), k -> new ArrayList<>()).add(e));
        assertEquals(Set.of("io.smi4j.GpuSample", "io.smi4j.VgpuSample", "io.smi4j.VgpuSchedulerState",
                "io.smi4j.VgpuSchedulerLogEntry", "io.smi4j.VgpuStarted", "io.smi4j.VgpuStopped"), byType.keySet());

        RecordedEvent started = byType.get("io.smi4j.VgpuStarted").get(0);
        assertEquals(1, byType.get("io.smi4j.VgpuStarted").size());
        assertEquals(3L, started.getLong("vgpuId"));
        assertEquals("vm-3", started.getString("vmId"));
        assertEquals("GRID A100-4C", started.getString("vgpuType"));
        RecordedEvent stopped = byType.get("io.smi4j.VgpuStopped").get(0);
        assertEquals(1, byType.get("io.smi4j.VgpuStopped").size());
        assertEquals(1L, stopped.getLong("vgpuId"));

        List<RecordedEvent> log = byType.get("io.smi4j.VgpuSchedulerLogEntry");
        assertEquals(2, log.size(), "each new log entry once");
        assertEquals(Set.of(7L, 8L), Set.of(log.get(0).getLong("swRunlistId"), log.get(1).getLong("swRunlistId")));
        RecordedEvent entry = log.stream().filter(e -> e.getLong("swRunlistId") == 7).findFirst().orElseThrow();
        assertEquals(400L, entry.getDuration("timeRun").toNanos());
        assertEquals(30L, entry.getDuration("cumulativePreemptionTime").toNanos());
        // a timestamp, not a duration: an instant to the millisecond, and the exact nanoseconds beside it
        assertEquals(java.time.Instant.parse("2026-01-01T00:00:00.123Z"), entry.getInstant("driverTimestamp"));
        assertEquals(JfrProbeMain.LOG_ENTRY_NS, entry.getLong("driverTimestampNanos"));

        RecordedEvent vgpu = byType.get("io.smi4j.VgpuSample").stream()
                .filter(e -> e.getLong("vgpuId") == 3).findFirst().orElseThrow();
        assertEquals(3 * TestSnapshots.GIB, vgpu.getLong("framebufferUsed"));
        assertEquals(4 * TestSnapshots.GIB, vgpu.getLong("framebufferTotal"));
        assertEquals(0.425f, vgpu.getFloat("smUtilization"), 1e-6);
        assertEquals("LICENSED", vgpu.getString("licenseState"));
        assertFalse(vgpu.getStackTrace() != null, "samples carry no stack trace");

        RecordedEvent scheduler = byType.get("io.smi4j.VgpuSchedulerState").get(0);
        assertEquals("EQUAL_SHARE", scheduler.getString("policy"));
        assertEquals(2_000_000L, scheduler.getDuration("timeslice").toNanos());

        RecordedEvent gpu = byType.get("io.smi4j.GpuSample").get(0);
        assertEquals(0.37f, gpu.getFloat("utilization"), 1e-6);
        assertEquals(10 * TestSnapshots.GIB, gpu.getLong("memoryUsed"));
        assertEquals(1_410_000_000L, gpu.getLong("smClock"));

        Path jfr = Path.of(System.getProperty("java.home"), "bin", "jfr");
        Process p = new ProcessBuilder(jfr.toString(), "print", "--events", "io.smi4j.VgpuSample", recording.toString())
                .redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), printed);
        assertTrue(printed.contains("io.smi4j.VgpuSample"), printed);
        assertTrue(printed.contains("vmId = \"vm-3\""), printed);
        assertTrue(printed.contains("framebufferUsed = 3.0 GB"), printed);
        ProcessBuilder printLog = new ProcessBuilder(jfr.toString(), "-J-Duser.timezone=UTC", "print", "--events",
                "io.smi4j.VgpuSchedulerLogEntry", recording.toString()).redirectErrorStream(true);
        Process logPrint = printLog.start();
        String logPrinted = new String(logPrint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(logPrint.waitFor(60, TimeUnit.SECONDS));
        String driverTimestamp = logPrinted.lines().filter(l -> l.strip().startsWith("driverTimestamp ="))
                .findFirst().orElseThrow(() -> new AssertionError(logPrinted));
        // printed as a time of day (JDK 25 adds the date), not as a duration like "20454 d 0 h"
        assertTrue(driverTimestamp.strip().startsWith("driverTimestamp = 00:00:00.123")
                && !driverTimestamp.contains(" d "), driverTimestamp);
        Files.deleteIfExists(recording);
    }
}
