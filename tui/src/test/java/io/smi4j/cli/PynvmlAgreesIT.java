package io.smi4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smi4j.mock.ScenarioFiles;
import io.smi4j.mock.Scenarios;
import io.smi4j.mock.SimClock;
import io.smi4j.mock.nativelib.NativeMock;
import io.smi4j.model.ArrMode;
import io.smi4j.model.HostVgpuMode;
import io.smi4j.model.LicenseState;
import io.smi4j.model.SchedulerPolicy;
import io.smi4j.model.VirtualizationMode;
import io.smi4j.model.VmIdType;
import io.smi4j.testing.NvmlSdk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A second NVML client agrees: NVIDIA's own Python binding (pynvml 12.550.89 from Debian, fetched by
 * {@code scripts/pynvml.sh}) reads the native mock loaded with a scenario file ({@code SMI4J_MOCK_SCENARIO}), and
 * every value it reads equals smi4j's JSON snapshot of the same file ({@code smi4j snapshot --mock FILE -f json}),
 * field by field: devices, memory, utilization, clocks, modes, processes, MIG devices, the vGPU host (mode,
 * scheduler capabilities, state and log, heterogeneous mode, types and which are creatable), every vGPU field
 * pynvml reads (UUID, VM id and its type, type, guest driver, FB usage, licence, frame rate limit, ECC, encoder
 * capacity and stats, GPU instance, accounting mode, PIDs and stats) and the vGPU utilization samples.
 */
class PynvmlAgreesIT {

    /** The file's start and the CLI mock's start: the snapshot's times are the file's, unmoved. */
    private static final String START = "2025-11-13T00:00:00Z";
    private static final long START_US = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(START));
    private static final long NA = 0xFFFF_FFFFL; // NVML's "not available" for an unsigned int id
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    @BeforeAll
    static void fixTheMocksStart() {
        System.setProperty(SimClock.START_PROPERTY, START);
    }

    @AfterAll
    static void releaseTheMocksStart() {
        System.clearProperty(SimClock.START_PROPERTY);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bare-metal", "vgpu-host", "vgpu-host-large", "vgpu-host-r580", "mig-host", "vgpu-guest",
        "no-driver",
        "examples/small-vgpu-host.json"})
    void pynvmlReadsWhatSmi4jReadsFromTheSameScenarioFile(String scenario) throws Exception {
        Path lib = NvmlSdk.requireBuilt("smi4j.native.mock", "the native mock libnvidia-ml.so.1");
        Path pynvml = pynvml();
        Path root = root();
        Path file;
        if (scenario.endsWith(".json")) {
            file = root.resolve(scenario);
        } else {
            file = dir.resolve(scenario + ".json");
            ScenarioFiles.write(Scenarios.create(scenario, 1, START_US), START_US, file);
        }
        Path script = dir.resolve(file.getFileName() + ".script");
        io.smi4j.mock.scenario.Scenario played = ScenarioFiles.read(file);
        Files.writeString(script, NativeMock.script(played));

        JsonNode py = runPython(root, lib, pynvml, script);
        Smi4jCliTest.Run run = Smi4jCliTest.run("snapshot", "--mock", file.toString(), "-f", "json");
        JsonNode smi = JSON.readTree(run.out());
        if (scenario.equals("no-driver")) {
            assertEquals(9, py.get("init").asInt(), "pynvml's nvmlInit: NVML_ERROR_DRIVER_NOT_LOADED; " + py);
            assertEquals("NO_DRIVER", smi.get("status").asText());
            return;
        }
        Diff d = new Diff();
        d.eq("driverVersion", py.get("driverVersion").asText(), smi.get("driverVersion").asText());
        d.eq("nvmlVersion", py.get("nvmlVersion").asText(), smi.get("nvmlVersion").asText());
        int cuda = py.get("cudaDriverVersion").asInt();
        d.eq("cudaDriverVersion", cuda / 1000 + "." + cuda % 1000 / 10, smi.get("cudaDriverVersion").asText());
        d.eq("device count", py.get("devices").size(), smi.get("gpus").size());
        for (int i = 0; i < Math.min(py.get("devices").size(), smi.get("gpus").size()); i++) {
            device(d, "GPU " + i, py.get("devices").get(i), smi.get("gpus").get(i), played.gpus().get(i));
        }
        assertTrue(d.checked > 20, "compared " + d.checked + " values");
        assertEquals(List.of(), d.problems, scenario + ": pynvml and smi4j disagree (" + d.checked + " values compared)");
    }

    private static void device(Diff d, String at, JsonNode p, JsonNode s, io.smi4j.mock.scenario.SimGpu file) {
        d.eq(at + " name", p.get("name").asText(), s.get("name").asText());
        d.eq(at + " uuid", p.get("uuid").asText(), s.get("uuid").asText());
        d.eq(at + " PCI bus id", p.get("pciBusId").asText(), s.get("pciBusId").asText());
        JsonNode m = p.get("memory");
        d.eq(at + " memory total", m.get("total").asLong(), s.get("memoryTotalBytes").asLong());
        d.eq(at + " memory reserved", m.get("reserved").asLong(), s.get("memoryReservedBytes").asLong());
        d.eq(at + " memory free", m.get("free").asLong(), s.get("memoryFreeBytes").asLong());
        d.eq(at + " memory used", m.get("used").asLong(), s.get("memoryUsedBytes").asLong());
        JsonNode u = p.get("utilization");
        d.eq(at + " GPU utilization", u.has("nvmlError") ? null : u.get("gpu").asLong(), num(s, "utilizationGpuPercent"));
        d.eq(at + " memory utilization", u.has("nvmlError") ? null : u.get("memory").asLong(),
                num(s, "utilizationMemoryPercent"));
        d.eq(at + " temperature", value(p.get("temperature")), num(s, "temperatureCelsius"));
        d.eq(at + " power", milliToUnit(p.get("powerUsage")), dbl(s, "powerUsageWatts"));
        d.eq(at + " power limit", milliToUnit(p.get("enforcedPowerLimit")), dbl(s, "powerLimitWatts"));
        JsonNode c = s.get("clocks");
        d.eq(at + " graphics clock", mhzToHz(p.get("clocks").get("graphics")), num(c, "graphicsHertz"));
        d.eq(at + " SM clock", mhzToHz(p.get("clocks").get("sm")), num(c, "smHertz"));
        d.eq(at + " memory clock", mhzToHz(p.get("clocks").get("mem")), num(c, "memoryHertz"));
        d.eq(at + " max graphics clock", mhzToHz(p.get("maxClocks").get("graphics")), num(c, "maxGraphicsHertz"));
        d.eq(at + " max SM clock", mhzToHz(p.get("maxClocks").get("sm")), num(c, "maxSmHertz"));
        d.eq(at + " max memory clock", mhzToHz(p.get("maxClocks").get("mem")), num(c, "maxMemoryHertz"));
        d.eq(at + " fan", value(p.get("fanSpeed")), num(s, "fanSpeedPercent"));
        d.eq(at + " P-state", value(p.get("performanceState")), num(s, "performanceState"));
        d.eq(at + " ECC", p.get("eccMode").get(0).asInt() == 1 ? "ON" : "OFF", s.get("eccMode").asText());
        d.eq(at + " MIG", p.get("migMode").get(0).asInt() == 1 ? "ON" : "OFF", s.get("migMode").asText());
        d.eq(at + " virtualization", VirtualizationMode.of(p.get("virtualizationMode").asInt()).name(),
                s.get("virtualizationMode").asText());
        JsonNode procs = p.get("processes");
        d.eq(at + " process count", procs.size(), s.get("processes").size());
        for (int k = 0; k < Math.min(procs.size(), s.get("processes").size()); k++) {
            JsonNode pp = procs.get(k);
            JsonNode sp = s.get("processes").get(k);
            String pat = at + " process " + k;
            d.eq(pat + " pid", pp.get("pid").asLong(), sp.get("pid").asLong());
            d.eq(pat + " memory", pp.get("usedGpuMemory").asLong(), sp.get("usedMemoryBytes").asLong());
            d.eq(pat + " GPU instance", id(pp.get("gpuInstanceId")), num(sp, "gpuInstanceId"));
            d.eq(pat + " compute instance", id(pp.get("computeInstanceId")), num(sp, "computeInstanceId"));
        }
        JsonNode mig = p.get("migDevices");
        d.eq(at + " MIG devices", mig.size(), s.get("migInstances").size());
        for (int k = 0; k < Math.min(mig.size(), s.get("migInstances").size()); k++) {
            JsonNode pm = mig.get(k);
            JsonNode sm = s.get("migInstances").get(k);
            String mat = at + " MIG " + k;
            d.eq(mat + " name", pm.get("name").asText(), sm.get("name").asText());
            d.eq(mat + " uuid", pm.get("uuid").asText(), sm.get("uuid").asText());
            d.eq(mat + " memory total", pm.get("memory").get("total").asLong(), sm.get("memoryTotalBytes").asLong());
            d.eq(mat + " memory used", pm.get("memory").get("used").asLong(), sm.get("memoryUsedBytes").asLong());
            d.eq(mat + " GPU instance", pm.get("gpuInstanceId").asLong(), sm.get("gpuInstanceId").asLong());
            d.eq(mat + " compute instance", pm.get("computeInstanceId").asLong(), sm.get("computeInstanceId").asLong());
        }
        if (p.has("gridLicensableFeatures")) {
            guest(d, at, p.get("gridLicensableFeatures"), s.get("vgpuGuest"));
        }
        d.eq(at + " is a vGPU host", p.has("vgpuHost"), s.has("vgpuHost") && !s.get("vgpuHost").isNull());
        if (p.has("vgpuHost") && s.has("vgpuHost")) {
            host(d, at, p.get("vgpuHost"), s.get("vgpuHost"), file.vgpuHost().orElseThrow());
        }
    }

    private static void guest(Diff d, String at, JsonNode p, JsonNode s) {
        JsonNode features = p.get("gridLicensableFeatures");
        int count = p.get("licensableFeaturesCount").asInt();
        d.eq(at + " licensable features", count, s.get("features").size());
        for (int k = 0; k < Math.min(count, s.get("features").size()); k++) {
            JsonNode pf = features.get(k);
            JsonNode sf = s.get("features").get(k);
            d.eq(at + " feature " + k + " code", pf.get("featureCode").asInt(), sf.get("featureCode").asInt());
            d.eq(at + " feature " + k + " state", pf.get("featureState").asInt(), sf.get("state").asInt());
            d.eq(at + " feature " + k + " product", pf.get("productName").asText(), sf.get("productName").asText());
            d.eq(at + " feature " + k + " enabled", pf.get("featureEnabled").asInt() == 1, sf.get("enabled").asBoolean());
        }
    }

    private static void host(Diff d, String at, JsonNode p, JsonNode s, io.smi4j.mock.scenario.SimVgpuHost file) {
        d.eq(at + " host vGPU mode", HostVgpuMode.of(p.get("hostVgpuMode").asInt()).name(), s.get("hostMode").asText());
        JsonNode pc = p.get("schedulerCapabilities");
        JsonNode sc = s.get("schedulerCapabilities");
        if (pc.has("nvmlError")) {
            // a GPU in MIG mode (vgpu-host-r580's GPU 2): its vGPUs are scheduled per GPU instance, the device-level
            // scheduler calls answer NOT_SUPPORTED and smi4j shows none
            d.eq(at + " scheduler capabilities error", 3, pc.get("nvmlError").asInt());
            d.eq(at + " scheduler state error", 3, p.get("schedulerState").path("nvmlError").asInt());
            d.eq(at + " scheduler log error", 3, p.get("schedulerLog").path("nvmlError").asInt());
            d.eq(at + " no scheduler capabilities", true, sc == null || sc.isNull());
        } else {
            scheduler(d, at, p, s, pc, sc);
        }
        hostRest(d, at, p, s, file);
    }

    private static void scheduler(Diff d, String at, JsonNode p, JsonNode s, JsonNode pc, JsonNode sc) {
        List<String> policies = new ArrayList<>();
        for (JsonNode code : pc.get("supportedSchedulers")) {
            if (code.asInt() != 0) {
                policies.add(SchedulerPolicy.of(code.asLong()).name());
            }
        }
        List<String> smiPolicies = new ArrayList<>();
        sc.get("supportedSchedulers").forEach(n -> smiPolicies.add(n.asText()));
        d.eq(at + " scheduler policies", policies, smiPolicies);
        d.eq(at + " max timeslice", pc.get("maxTimeslice").asLong() / 1e9, sc.get("maxTimesliceSeconds").asDouble());
        d.eq(at + " min timeslice", pc.get("minTimeslice").asLong() / 1e9, sc.get("minTimesliceSeconds").asDouble());
        d.eq(at + " ARR supported", pc.get("isArrModeSupported").asInt() == 1, sc.get("arrModeSupported").asBoolean());
        d.eq(at + " ARR max frequency", pc.get("maxFrequencyForARR").asLong(), sc.get("maxFrequencyForArrHertz").asLong());
        d.eq(at + " ARR min frequency", pc.get("minFrequencyForARR").asLong(), sc.get("minFrequencyForArrHertz").asLong());
        d.eq(at + " ARR max avg factor", pc.get("maxAvgFactorForARR").asLong(), sc.get("maxAvgFactorForArr").asLong());
        d.eq(at + " ARR min avg factor", pc.get("minAvgFactorForARR").asLong(), sc.get("minAvgFactorForArr").asLong());
        schedulerState(d, at + " scheduler state", p.get("schedulerState"), s.get("schedulerState"));
        JsonNode log = p.get("schedulerLog");
        d.eq(at + " scheduler engine", log.get("engineId").asLong(), s.get("schedulerEngineId").asLong());
        int entries = log.get("entriesCount").asInt();
        JsonNode recent = s.get("recentLogEntries");
        d.eq(at + " scheduler log entries", entries, recent.size());
        for (int k = 0; k < Math.min(entries, recent.size()); k++) {
            JsonNode pe = log.get("logEntries").get(k);
            JsonNode se = recent.get(k);
            String eat = at + " log entry " + k;
            d.eq(eat + " timestamp", pe.get("timestamp").asLong(), se.get("timestampNs").asLong());
            d.eq(eat + " run total", pe.get("timeRunTotal").asLong() / 1e9, se.get("timeRunTotalSeconds").asDouble());
            d.eq(eat + " run", pe.get("timeRun").asLong() / 1e9, se.get("timeRunSeconds").asDouble());
            d.eq(eat + " runlist", pe.get("swRunlistId").asLong(), se.get("swRunlistId").asLong());
            d.eq(eat + " target slice", pe.get("targetTimeSlice").asLong() / 1e9,
                    se.get("targetTimeSliceSeconds").asDouble());
            d.eq(eat + " preemption", pe.get("cumulativePreemptionTime").asLong() / 1e9,
                    se.get("cumulativePreemptionSeconds").asDouble());
        }
    }

    private static void hostRest(Diff d, String at, JsonNode p, JsonNode s, io.smi4j.mock.scenario.SimVgpuHost file) {
        JsonNode het = p.get("heterogeneousMode");
        // an R535 driver lacks the call (FUNCTION_NOT_FOUND): smi4j says UNKNOWN
        d.eq(at + " heterogeneous mode", het.has("nvmlError") ? "UNKNOWN" : het.asInt() == 1 ? "ON" : "OFF",
                s.get("heterogeneousMode").asText());
        if (het.has("nvmlError")) {
            // NVML_ERROR_FUNCTION_NOT_FOUND on R535; NOT_SUPPORTED on a GPU in MIG mode (per GPU instance there)
            d.eq(at + " heterogeneous mode error", true, het.get("nvmlError").asInt() == 13
                    || het.get("nvmlError").asInt() == 3);
        }
        List<Long> creatable = new ArrayList<>();
        p.get("creatable").forEach(n -> creatable.add(n.asLong()));
        JsonNode types = p.get("types");
        d.eq(at + " vGPU types", types.size(), s.get("types").size());
        for (int k = 0; k < Math.min(types.size(), s.get("types").size()); k++) {
            JsonNode pt = types.get(k);
            JsonNode st = s.get("types").get(k);
            String tat = at + " type " + pt.get("id");
            d.eq(tat + " id", pt.get("id").asLong(), st.get("typeId").asLong());
            d.eq(tat + " name", pt.get("name").asText(), st.get("name").asText());
            d.eq(tat + " class", pt.get("class").asText(), st.get("typeClass").asText());
            d.eq(tat + " framebuffer", pt.get("framebufferSize").asLong(), st.get("framebufferBytes").asLong());
            d.eq(tat + " max instances", pt.get("maxInstances").asLong(), st.get("maxInstances").asLong());
            d.eq(tat + " GPU instance profile", id(pt.get("gpuInstanceProfileId")), num(st, "gpuInstanceProfileId"));
            d.eq(tat + " creatable", creatable.contains(pt.get("id").asLong()), st.get("creatable").asBoolean());
            d.eq(tat + " max instances per VM", value(pt.get("maxInstancesPerVm")), num(st, "maxInstancesPerVm"));
            placements(d, tat + " supported placements", pt.get("supportedPlacements"), st.get("placementSize"),
                    st.get("supportedPlacementIds"));
            placements(d, tat + " creatable placements", pt.get("creatablePlacements"), st.get("placementSize"),
                    st.get("creatablePlacementIds"));
        }
        JsonNode vgpus = p.get("vgpus");
        d.eq(at + " vGPUs", vgpus.size(), s.get("vgpus").size());
        for (int k = 0; k < Math.min(vgpus.size(), s.get("vgpus").size()); k++) {
            long id = vgpus.get(k).get("id").asLong();
            vgpu(d, at + " vGPU " + id, vgpus.get(k), s.get("vgpus").get(k), p.get("utilization"),
                    file.vgpus().stream().filter(v -> v.id() == id).findFirst().orElse(null));
            processSamples(d, at + " vGPU " + id, p.get("processUtilization"), id,
                    s.get("vgpus").get(k).get("processUtilization"));
        }
    }

    /**
     * A placement list. pynvml 12.550.89's c_nvmlVgpuPlacementList_v1_t declares (version, count, placementSize,
     * placementIds) where NVIDIA's nvml.h declares (version, placementSize, count, placementIds): pynvml reads the
     * header's placementSize as its "count" and the count as its "placementSize". smi4j (JnaNvml, checked against
     * the header by LayoutsOracleTest) and the native mock (compiled against it) follow the header, so the header's
     * fields are compared here: pynvml's "count" is the placement size, its "placementSize" the number of ids.
     * A call NVML refuses (R535: FUNCTION_NOT_FOUND; creatable placements outside heterogeneous mode:
     * NOT_SUPPORTED) leaves smi4j without creatable placements.
     */
    private static void placements(Diff d, String at, JsonNode p, JsonNode size, JsonNode ids) {
        if (p.has("nvmlError")) {
            // only these refusals are expected: R535 (FUNCTION_NOT_FOUND 13), creatable outside heterogeneous mode
            // (NOT_SUPPORTED 3); smi4j then has no creatable placements
            d.eq(at + " refused as expected", true, p.get("nvmlError").asInt() == 13
                    || p.get("nvmlError").asInt() == 3 && at.endsWith("creatable placements"));
            if (at.endsWith("creatable placements")) {
                d.eq(at + " (NVML refused: none)", 0, ids.size());
            }
            return;
        }
        d.eq(at + " size (pynvml's 'count')", p.get("count").asLong(), size.asLong());
        int count = p.get("placementSize").asInt();
        List<Long> pyIds = new ArrayList<>();
        for (int i = 0; i < Math.min(count, p.get("ids").size()); i++) {
            pyIds.add(p.get("ids").get(i).asLong());
        }
        List<Long> smiIds = new ArrayList<>();
        ids.forEach(n -> smiIds.add(n.asLong()));
        d.eq(at + " (count: pynvml's 'placementSize')", pyIds, smiIds);
    }

    /** nvmlDeviceGetVgpuProcessUtilization's samples of vGPU {@code id}: smi4j keeps each process's newest. */
    private static void processSamples(Diff d, String at, JsonNode p, long id, JsonNode s) {
        if (p.has("nvmlError")) {
            d.eq(at + " process samples (NVML refused: none)", 0, s.size());
            return;
        }
        java.util.Map<Long, JsonNode> newest = new java.util.LinkedHashMap<>();
        for (JsonNode x : p) {
            if (x.get("vgpuInstance").asLong() == id) {
                newest.put(x.get("pid").asLong(), x);
            }
        }
        d.eq(at + " processes sampled", newest.size(), s.size());
        for (JsonNode sp : s) {
            JsonNode pp = newest.get(sp.get("pid").asLong());
            String pat = at + " process " + sp.get("pid");
            d.eq(pat + " sampled by pynvml", true, pp != null);
            if (pp != null) {
                d.eq(pat + " name", pp.get("processName").asText(), sp.get("processName").asText());
                d.eq(pat + " time", pp.get("timeStamp").asLong() * 1000, sp.get("timestampNs").asLong());
                d.eq(pat + " SM", pp.get("smUtil").asDouble(), sp.get("smUtil").asDouble());
                d.eq(pat + " memory", pp.get("memUtil").asDouble(), sp.get("memUtil").asDouble());
                d.eq(pat + " encoder", pp.get("encUtil").asDouble(), sp.get("encUtil").asDouble());
                d.eq(pat + " decoder", pp.get("decUtil").asDouble(), sp.get("decUtil").asDouble());
            }
        }
    }

    private static void schedulerState(Diff d, String at, JsonNode p, JsonNode s) {
        d.eq(at + " policy", SchedulerPolicy.of(p.get("schedulerPolicy").asLong()).name(), s.get("policy").asText());
        ArrMode arr = ArrMode.of(p.get("arrMode").asLong());
        d.eq(at + " ARR", arr.name(), s.get("arrMode").asText());
        JsonNode params = s.get("params");
        if (arr == ArrMode.ENABLED) {
            JsonNode w = p.get("schedulerParams").get("vgpuSchedDataWithARR");
            d.eq(at + " avg factor", w.get("avgFactor").asLong(), params.get("avgFactor").asLong());
            d.eq(at + " timeslice", w.get("timeslice").asLong() / 1e9, params.get("timesliceSeconds").asDouble());
        } else {
            d.eq(at + " timeslice", p.get("schedulerParams").get("vgpuSchedData").get("timeslice").asLong() / 1e9,
                    params.get("timesliceSeconds").asDouble());
        }
    }

    private static void vgpu(Diff d, String at, JsonNode p, JsonNode s, JsonNode samples,
            io.smi4j.mock.scenario.SimVgpu file) {
        d.eq(at + " id", p.get("id").asLong(), s.get("id").asLong());
        d.eq(at + " uuid", p.get("uuid").asText(), s.get("uuid").asText());
        d.eq(at + " VM id", p.get("vmId").get(0).asText(), s.get("vmId").asText());
        d.eq(at + " VM id type", VmIdType.of(p.get("vmId").get(1).asInt()).name(), s.get("vmIdType").asText());
        d.eq(at + " type", p.get("typeId").asLong(), s.get("typeId").asLong());
        // NVML says "Not Available" for a guest that has not reported its driver; smi4j leaves the text empty
        String driver = p.get("vmDriverVersion").asText();
        d.eq(at + " guest driver", driver.equals("Not Available") ? "" : driver, s.get("guestDriverVersion").asText());
        // pynvml 12.550.89 reads fbUsage into a c_uint, but nvml.h declares
        // nvmlVgpuInstanceGetFbUsage(nvmlVgpuInstance_t, unsigned long long *fbUsage): pynvml keeps the low 32 bits
        // (and NVML writes 8 bytes into its 4). smi4j follows the header; compare what pynvml can hold.
        d.eq(at + " FB usage (low 32 bits: pynvml's c_uint)", p.get("fbUsage").asLong(),
                s.get("fbUsedBytes").asLong() & 0xFFFF_FFFFL);
        d.eq(at + " licence state", LicenseState.of(p.get("licenseInfo").get("currentState").asLong()).name(),
                s.get("licenseState").asText());
        // smi4j's snapshot has no licence expiry; the file it replays (and the native mock plays) has
        JsonNode expiry = p.get("licenseInfo").get("licenseExpiry");
        var e = file == null ? null : file.license().expiry();
        d.eq(at + " licence expiry (the file's)", expiry.get("year").asLong() + "-" + expiry.get("month").asLong()
                + "-" + expiry.get("day").asLong() + " " + expiry.get("hour").asLong() + ":" + expiry.get("min").asLong()
                + ":" + expiry.get("sec").asLong() + " status " + expiry.get("status").asLong(),
                e == null ? null : e.year() + "-" + e.month() + "-" + e.day() + " " + e.hour() + ":" + e.minute() + ":"
                        + e.second() + " status " + e.status());
        d.eq(at + " licensed", p.get("licenseInfo").get("isLicensed").asInt() == 1, file != null && file.license().licensed());
        JsonNode placement = p.get("placementId"); // R535: FUNCTION_NOT_FOUND; outside heterogeneous mode 0xFFFF
        d.eq(at + " placement", placement.has("nvmlError") || placement.asLong() == 0xFFFF ? null : placement.asLong(),
                num(s, "placementId"));
        JsonNode fbc = p.get("fbcStats");
        d.eq(at + " FBC sessions", fbc.get("sessionsCount").asLong(), s.get("fbcSessions").asLong());
        d.eq(at + " FBC fps", fbc.get("averageFPS").asLong(), s.get("fbcAverageFps").asLong());
        d.eq(at + " FBC latency", fbc.get("averageLatency").asLong() / 1e6, s.get("fbcAverageLatencySeconds").asDouble());
        d.eq(at + " frame rate limit", p.get("frameRateLimit").asLong(), s.get("frameRateLimitFps").asLong());
        d.eq(at + " ECC", p.get("eccMode").asInt() == 1 ? "ON" : "OFF", s.get("eccMode").asText());
        d.eq(at + " encoder capacity", p.get("encoderCapacity").asLong(), s.get("encoderCapacityPercent").asLong());
        JsonNode enc = p.get("encoderStats"); // pynvml: [sessionCount, averageFps, averageLatency in µs]
        d.eq(at + " encoder sessions", enc.get(0).asLong(), s.get("encoderSessions").asLong());
        d.eq(at + " encoder fps", enc.get(1).asLong(), s.get("encoderAverageFps").asLong());
        d.eq(at + " encoder latency", enc.get(2).asLong() / 1e6, s.get("encoderAverageLatencySeconds").asDouble());
        d.eq(at + " GPU instance", id(p.get("gpuInstanceId")), num(s, "gpuInstanceId"));
        JsonNode mode = p.get("accountingMode");
        d.eq(at + " accounting mode", mode.has("nvmlError") ? null : mode.asInt() == 1 ? "ON" : "OFF",
                s.get("accountingMode").isNull() ? null : s.get("accountingMode").asText());
        JsonNode pids = p.get("accountingPids");
        JsonNode acct = s.get("accounting");
        if (pids.isArray()) {
            d.eq(at + " accounted PIDs", pids.size(), acct.size());
            for (int k = 0; k < Math.min(pids.size(), acct.size()); k++) {
                JsonNode ps = p.get("accountingStats").get(k);
                JsonNode ss = acct.get(k).get("stats");
                String pat = at + " PID " + pids.get(k);
                d.eq(pat, pids.get(k).asLong(), acct.get(k).get("pid").asLong());
                d.eq(pat + " GPU util", ps.get("gpuUtilization").asDouble(), ss.get("gpuUtilizationPercent").asDouble());
                d.eq(pat + " memory util", ps.get("memoryUtilization").asDouble(),
                        ss.get("memoryUtilizationPercent").asDouble());
                d.eq(pat + " max memory", ps.get("maxMemoryUsage").asLong(), ss.get("maxMemoryUsageBytes").asLong());
                d.eq(pat + " run time", ps.get("time").asLong() / 1e3, ss.get("runSeconds").asDouble());
                d.eq(pat + " start", ps.get("startTime").asLong() * 1000, ss.get("startTimeNs").asLong());
                d.eq(pat + " running", ps.get("isRunning").asInt() == 1, ss.get("running").asBoolean());
            }
        }
        JsonNode sample = null;
        for (JsonNode x : samples) {
            if (x.get("vgpuInstance").asLong() == p.get("id").asLong()) {
                sample = x; // the newest sample of this vGPU wins, as in smi4j
            }
        }
        d.eq(at + " has a utilization sample", sample != null, !s.get("utilizationTimestampNs").isNull());
        if (sample != null) {
            d.eq(at + " sample time", sample.get("timeStamp").asLong() * 1000, s.get("utilizationTimestampNs").asLong());
            d.eq(at + " SM util", sample.get("smUtil").get("uiVal").asDouble(), s.get("smUtil").asDouble());
            d.eq(at + " memory util", sample.get("memUtil").get("uiVal").asDouble(), s.get("memUtil").asDouble());
            d.eq(at + " encoder util", sample.get("encUtil").get("uiVal").asDouble(), s.get("encUtil").asDouble());
            d.eq(at + " decoder util", sample.get("decUtil").get("uiVal").asDouble(), s.get("decUtil").asDouble());
        }
    }

    // ---- units and absent values ----

    /** A pynvml value, or null when NVML refused the call (NOT_SUPPORTED), as smi4j's JSON has null. */
    private static Long value(JsonNode n) {
        return n.has("nvmlError") ? null : n.asLong();
    }

    /** An unsigned id, null when NVML says "not available" (0xFFFFFFFF), as smi4j's JSON does. */
    private static Long id(JsonNode n) {
        return n == null || n.has("nvmlError") || n.asLong() == NA ? null : n.asLong();
    }

    private static Double milliToUnit(JsonNode n) {
        return n.has("nvmlError") ? null : n.asLong() / 1000.0;
    }

    private static Long mhzToHz(JsonNode n) {
        return n.has("nvmlError") ? null : n.asLong() * 1_000_000L;
    }

    private static Long num(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        return n == null || n.isNull() ? null : n.asLong();
    }

    private static Double dbl(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        return n == null || n.isNull() ? null : n.asDouble();
    }

    /** Every disagreement, so one run names them all. */
    private static final class Diff {
        final List<String> problems = new ArrayList<>();
        int checked;

        void eq(String what, Object pynvml, Object smi4j) {
            checked++;
            boolean same = pynvml instanceof Double a && smi4j instanceof Double b
                    ? Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)) : Objects.equals(pynvml, smi4j);
            if (!same) {
                problems.add(what + ": pynvml " + pynvml + ", smi4j " + smi4j);
            }
        }
    }

    // ---- prerequisites and the Python run ----

    private static Path root() {
        return Path.of(System.getProperty("smi4j.root", "..")).toAbsolutePath().normalize();
    }

    /** pynvml.py from Debian, fetched by the project's script, or the test is skipped (failed under CI). */
    private static Path pynvml() throws IOException, InterruptedException {
        if (!canRun("python3", "--version")) {
            return NvmlSdk.unavailable("python3 not found (needed to run pynvml)");
        }
        Path script = root().resolve("scripts/pynvml.sh");
        Process p = new ProcessBuilder("bash", script.toString(), "--soft").redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(600, TimeUnit.SECONDS);
        if (out.isEmpty() || !Files.isRegularFile(Path.of(out, "pynvml.py"))) {
            return NvmlSdk.unavailable("pynvml unavailable: " + (err.isEmpty() ? "scripts/pynvml.sh printed nothing" : err));
        }
        return Path.of(out);
    }

    private static boolean canRun(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static JsonNode runPython(Path root, Path lib, Path pynvml, Path script) throws Exception {
        Path reader = root.resolve("tui/src/test/resources/pynvml/read_host.py");
        ProcessBuilder pb = new ProcessBuilder("python3", reader.toString());
        pb.environment().put("PYTHONPATH", pynvml.toString());
        // pynvml loads "libnvidia-ml.so.1" by name: the loader finds the native mock through this path
        pb.environment().put("LD_LIBRARY_PATH", lib.getParent().toString());
        pb.environment().put("SMI4J_MOCK_SCENARIO", script.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "pynvml reader timed out");
        assertEquals(0, p.exitValue(), "pynvml reader failed: " + err);
        return JSON.readTree(out);
    }
}
