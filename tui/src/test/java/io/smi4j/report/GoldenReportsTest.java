package io.smi4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smi4j.collect.Collector;
import io.smi4j.collect.CollectorOptions;
import io.smi4j.collect.GpuReader;
import io.smi4j.mock.ScenarioFiles;
import io.smi4j.mock.Scenarios;
import io.smi4j.mock.SimClock;
import io.smi4j.model.HostSnapshot;
import io.smi4j.prometheus.PrometheusText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three report formats of every mock preset, byte for byte, against golden files kept in
 * {@code src/test/resources/golden}: a change of any output is a decision, seen in the diff of
 * those files. Host name, poll time and poll duration are fixed before rendering, and the mock's
 * clock starts at a fixed instant ({@link SimClock#START_PROPERTY}): those are the only values of a
 * mock poll that depend on the machine and the clock.
 *
 * <p>To accept a deliberate change: {@code mvn -pl tui test -Dtest=GoldenReportsTest
 * -Dsmi4j.golden.update=true}, then review {@code git diff tui/src/test/resources/golden}.
 */
class GoldenReportsTest {

    /** The mock's clock starts here for these reports (it starts at the real start time otherwise). */
    private static final String MOCK_START = "2025-12-31T23:59:00Z";

    @BeforeAll
    static void fixTheMocksStart() {
        System.setProperty(SimClock.START_PROPERTY, MOCK_START);
    }

    @AfterAll
    static void releaseTheMocksStart() {
        System.clearProperty(SimClock.START_PROPERTY);
    }

    private static final List<String> PRESETS =
            List.of("bare-metal", "vgpu-host", "vgpu-host-large", "vgpu-host-r580", "mig-host", "vgpu-guest",
                    "no-driver", "faulty-host");

    /** {@code fromFile}: the preset written to a scenario file and replayed from it, which must not change a byte. */
    record Case(String preset, int poll, String format, boolean fromFile) {
        String file() {
            return preset + "-poll" + poll + "." + format;
        }

        @Override
        public String toString() {
            return file() + (fromFile ? " replayed from a scenario file" : "");
        }
    }

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (String preset : PRESETS) {
            for (String format : List.of("text", "json", "prometheus")) {
                out.add(new Case(preset, 1, format, false));
                out.add(new Case(preset, 1, format, true));
            }
        }
        // a later poll of a live vGPU host: scheduler log entries, samples and churn after the first poll
        for (String format : List.of("text", "json", "prometheus")) {
            out.add(new Case("vgpu-host", 3, format, false));
            out.add(new Case("vgpu-host", 3, format, true));
            // faulty-host's faults play by poll: GPU 3 is lost from poll 2 (poll 3 would hold a stale list, whose
            // age is measured on the machine's clock)
            out.add(new Case("faulty-host", 2, format, false));
            out.add(new Case("faulty-host", 2, format, true));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyReportOfEveryPresetMatchesItsGoldenFile(Case c) throws IOException {
        String actual = render(c);
        if (Boolean.getBoolean("smi4j.golden.update") && !c.fromFile()) {
            Path dir = Path.of("src/test/resources/golden");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(c.file()), actual, StandardCharsets.UTF_8);
            return;
        }
        try (InputStream in = GoldenReportsTest.class.getResourceAsStream("/golden/" + c.file())) {
            if (in == null) {
                throw new AssertionError("no golden file golden/" + c.file()
                        + "; write it with -Dsmi4j.golden.update=true and review it");
            }
            String expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(expected, actual, "report " + c.file() + " differs from its golden file");
        }
    }

    private static String render(Case c) throws IOException {
        String mock = c.preset();
        if (c.fromFile()) {
            // the preset file as the mock reads it for this start and the default seed (its faults too), written out
            // and replayed
            long startUs = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(MOCK_START));
            Path file = Files.createTempFile("smi4j-" + c.preset(), ".json");
            file.toFile().deleteOnExit();
            Files.writeString(file, ScenarioFiles.write(Scenarios.load(c.preset(),
                    CollectorOptions.defaults().mockSeed(), startUs), startUs, false), StandardCharsets.UTF_8);
            mock = file.toString();
        }
        HostSnapshot s;
        try (GpuReader reader = Collector.openReader(CollectorOptions.defaults().withMock(mock))) {
            s = reader.read();
            for (int i = 1; i < c.poll(); i++) {
                s = reader.read();
            }
        }
        HostSnapshot fixed = Fixtures.normalized(s);
        Function<HostSnapshot, String> renderer = switch (c.format()) {
            case "text" -> TextReport::render;
            case "json" -> JsonReport::render;
            default -> PrometheusText::render;
        };
        return renderer.apply(fixed);
    }
}
