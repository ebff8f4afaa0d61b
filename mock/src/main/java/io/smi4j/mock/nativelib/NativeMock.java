package io.smi4j.mock.nativelib;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import io.smi4j.mock.scenario.Scenario;
import io.smi4j.mock.scenario.SimGpu;
import io.smi4j.mock.scenario.SimGpuInstance;
import io.smi4j.mock.scenario.SimGpuInstanceVgpus;
import io.smi4j.mock.scenario.SimMigDevice;
import io.smi4j.mock.scenario.SimProcess;
import io.smi4j.mock.scenario.SimVgpu;
import io.smi4j.mock.scenario.SimVgpuHost;
import io.smi4j.mock.scenario.SimVgpuType;
import io.smi4j.model.ArrMode;
import io.smi4j.model.GridLicense;
import io.smi4j.model.SchedulerCapabilities;
import io.smi4j.model.SchedulerLogEntry;
import io.smi4j.model.SchedulerParams;
import io.smi4j.model.SchedulerPolicy;
import io.smi4j.model.SchedulerSetState;
import io.smi4j.nvml.ComputeInstance;
import io.smi4j.nvml.ComputeInstanceProfile;
import io.smi4j.nvml.LicenseExpiry;
import io.smi4j.nvml.MemoryInfo;
import io.smi4j.nvml.NvmlUnits;
import io.smi4j.nvml.ProcessUtilizationSample;
import io.smi4j.nvml.SchedulerLog;
import io.smi4j.nvml.VgpuProcessUtilizationSample;
import io.smi4j.nvml.VgpuUtilizationSample;
import io.smi4j.nvml.jna.NvmlBinding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The native mock {@code libnvidia-ml.so.1} (built from {@code mock/src/main/native}) seen from
 * Java: pushes a {@link Scenario} into the library's state through its {@code smi4jmock_*}
 * functions, injects errors, and reports what the scheduler was asked to set. It opens the
 * library through {@link NvmlBinding#open(Path)}, the same loaded image that
 * {@code JnaNvml.load(path)} binds, so a test sets the state here and reads it over JnaNvml.
 *
 * <p>The mock keeps one host: {@link #apply(Scenario)} replaces all of it (and the injected
 * errors), but not NVML's init count, so an open JnaNvml session stays initialised.
 */
public final class NativeMock {

    private static final int ARR_ENABLE = 2;
    private static final int CLOCK_TYPES = 4;
    private static final int SCHEDULER_SLOTS = 3;

    private final NativeLibrary library;
    private final Path path;

    private NativeMock(NativeLibrary library, Path path) {
        this.library = library;
        this.path = path;
    }

    /**
     * Opens the native mock at {@code lib}.
     *
     * @throws IllegalArgumentException when {@code lib} cannot be loaded or is not the smi4j native mock
     */
    public static NativeMock load(Path lib) {
        NativeLibrary library;
        try {
            library = NvmlBinding.open(lib);
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalArgumentException("cannot load the native mock at " + lib + ": " + e.getMessage());
        }
        if (NvmlBinding.resolve(library, "smi4jmock_reset").isEmpty()) {
            throw new IllegalArgumentException(lib + " is not the smi4j native mock (no smi4jmock_reset)");
        }
        return new NativeMock(library, lib);
    }

    /** The library file, for {@code JnaNvml.load(path)}. */
    public Path path() {
        return path;
    }

    /** Replaces the simulated host with {@code scenario}: every field of every record in it. */
    public void apply(Scenario scenario) {
        apply(scenario, this::call);
    }

    /** Where the setup calls go: the loaded library, or a script. */
    @FunctionalInterface
    private interface Calls {
        /** Calls {@code name}; the index it returns for what it added. */
        int call(String name, Object... args);
    }

    /**
     * {@code scenario} as a scenario script for the native mock's {@code SMI4J_MOCK_SCENARIO} (see
     * mock_script.c): the calls {@link #apply(Scenario)} makes, one per line, so a process without Java (pynvml)
     * reads the same host.
     */
    public static String script(Scenario scenario) {
        StringBuilder out = new StringBuilder("smi4j-native-script 1\n");
        append(out, scenario);
        return out.toString();
    }

    /**
     * A whole scenario file as a script: its host, then for each poll of its timeline that changes something a line
     * {@code poll N} and the host at that poll, which the native mock sets up at its N-th
     * {@code nvmlDeviceGetCount_v2}. The file's faults are the Java mock's only (the native mock's injected errors
     * are set through {@link #injectError}).
     */
    public static String script(io.smi4j.mock.ScenarioFile file) {
        StringBuilder out = new StringBuilder("smi4j-native-script 1\n");
        append(out, file.scenario());
        if (!file.timeline().isEmpty()) {
            file.timeline().forEachState((poll, s) -> {
                out.append("poll ").append(poll).append('\n');
                append(out, s);
            });
        }
        return out.toString();
    }

    private static void append(StringBuilder out, Scenario scenario) {
        java.util.Map<String, Integer> added = new java.util.HashMap<>();
        apply(scenario, (name, args) -> {
            out.append(name.substring("smi4jmock_".length()));
            for (Object a : args) {
                out.append(' ').append(a instanceof byte[] b ? token(b) : a.toString());
            }
            out.append('\n');
            // the native add_* calls number what they add per GPU (add_gpu: per host); the next calls name it so
            String key = name.equals("smi4jmock_add_gpu") ? name : name + ":" + args[0];
            return added.merge(key, 1, Integer::sum) - 1;
        });
    }

    /**
     * Converts a scenario file to a script: {@code java -cp smi4j.jar io.smi4j.mock.nativelib.NativeMock host.json
     * > host.script}, then {@code SMI4J_MOCK_SCENARIO=host.script} for the native mock. A malformed file: its one
     * line on stderr, exit 2.
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: NativeMock SCENARIO_FILE.json > SCRIPT");
            System.exit(2);
        }
        try {
            System.out.print(script(io.smi4j.mock.ScenarioFiles.readFile(Path.of(args[0]), null)));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /** A C string argument as a script token: ' and the text, bytes outside '!'..'~' and '%' as %XX. */
    private static String token(byte[] cString) {
        StringBuilder t = new StringBuilder("'");
        for (int i = 0; i < cString.length - 1; i++) {
            int b = cString[i] & 0xFF;
            if (b < '!' || b > '~' || b == '%') {
                t.append('%').append(String.format(java.util.Locale.ROOT, "%02X", b));
            } else {
                t.append((char) b);
            }
        }
        return t.toString();
    }

    private static void apply(Scenario scenario, Calls calls) {
        calls.call("smi4jmock_reset", scenario.driverLoaded() ? 1 : 0, text(scenario.driverVersion()),
                text(scenario.nvmlVersion()), scenario.cudaDriverVersion());
        for (int c = 0; c < scenario.vgpuDriverCapabilities().size(); c++) {
            calls.call("smi4jmock_driver_vgpu_capability", c, (long) scenario.vgpuDriverCapabilities().get(c));
        }
        for (SimGpu gpu : scenario.gpus()) {
            applyGpu(calls, gpu);
        }
    }

    /**
     * Loads the script {@code file} now, as {@code SMI4J_MOCK_SCENARIO} does at a process's first init: its host,
     * and its timeline's polls from the next {@code nvmlDeviceGetCount_v2} on (poll 1 is the first count after this).
     *
     * @throws IllegalArgumentException when the script is malformed (the native mock said why on stderr)
     */
    public void loadScript(Path file) {
        if (function("smi4jmock_load_script").invokeInt(new Object[] {text(file.toString())}) != 0) {
            throw new IllegalArgumentException(file + ": the native mock refused the script (see stderr)");
        }
    }

    /** The next {@code times} calls of NVML function {@code function} (every call when negative) return {@code code}. */
    public void injectError(String function, int code, int times) {
        call("smi4jmock_inject_error", text(function), code, times);
    }

    /**
     * A fault aimed at one GPU, as the Java mock plays it ({@link io.smi4j.mock.FaultPlan.Aimed}): its function
     * (null: every call about the GPU, its handle included) answers its code in its polls, a poll being an
     * {@code nvmlDeviceGetCount_v2}; it survives {@code nvmlInit_v2}. In a script: {@code inject_aimed 'FUNCTION
     * CODE GPU FROM TO EVERY} ({@code '*} for every function, {@code TO} -1 for good).
     */
    public void injectAimed(io.smi4j.mock.FaultPlan.Aimed fault) {
        call("smi4jmock_inject_aimed", text(fault.function() == null ? "*" : fault.function().name()),
                fault.code().code(), fault.gpu(), fault.fromPoll(),
                fault.toPoll() == Long.MAX_VALUE ? -1L : fault.toPoll(), fault.every());
    }

    /**
     * The next count query of count-then-fill {@code function} reports {@code extra} entries fewer
     * than exist, as if they appeared between the caller's count call and its fill call.
     */
    public void growCountOnce(String function, int extra) {
        call("smi4jmock_grow_count_once", text(function), extra);
    }

    /** How the utilization calls encode samples ({@code nvmlValueType_t}; unsigned int, 1, by default). */
    public void sampleValueType(int nvmlValueType) {
        call("smi4jmock_set_sample_value_type", nvmlValueType);
    }

    /** What {@code nvmlDeviceSetVgpuSchedulerState} last received, decoded, whether or not it succeeded. */
    public Optional<SchedulerSetState> lastSetSchedulerState() {
        int[] out = new int[5];
        if (function("smi4jmock_last_set_scheduler").invokeInt(new Object[] {out}) == 0) {
            return Optional.empty();
        }
        SchedulerPolicy policy = SchedulerPolicy.of(Integer.toUnsignedLong(out[1]));
        return Optional.of(out[2] == ARR_ENABLE
                ? SchedulerSetState.withArr(policy, Integer.toUnsignedLong(out[3]), Integer.toUnsignedLong(out[4]))
                : SchedulerSetState.withTimeslice(policy, NvmlUnits.secondsFromNanos(Integer.toUnsignedLong(out[3]))));
    }

    private static void applyGpu(Calls calls, SimGpu gpu) {
        int g = calls.call("smi4jmock_add_gpu", text(gpu.name()), text(gpu.uuid()), gpu.virtualizationMode().code());
        calls.call("smi4jmock_gpu_pci", g, text(gpu.pci().busId()), (int) gpu.pci().domain(), (int) gpu.pci().bus(),
                (int) gpu.pci().device(), (int) gpu.pci().pciDeviceId(), (int) gpu.pci().pciSubSystemId());
        MemoryInfo m = gpu.memory();
        calls.call("smi4jmock_gpu_memory", g, m.totalBytes(), m.reservedBytes(), m.freeBytes(), m.usedBytes());
        calls.call("smi4jmock_gpu_readings", g, gpu.utilization().gpuPercent(), gpu.utilization().memoryPercent(),
                gpu.temperatureC(), (int) gpu.powerUsageMw(), (int) gpu.powerLimitMw(), gpu.fanSpeedPercent(),
                gpu.performanceState());
        calls.call("smi4jmock_gpu_modes", g, flag(gpu.ecc().current()), flag(gpu.ecc().pending()),
                flag(gpu.mig().current()), flag(gpu.mig().pending()));
        for (int type = 0; type < CLOCK_TYPES && type < gpu.clocksMhz().size(); type++) {
            long max = type < gpu.maxClocksMhz().size() ? gpu.maxClocksMhz().get(type) : 0;
            calls.call("smi4jmock_gpu_clock", g, type, (int) (long) gpu.clocksMhz().get(type), (int) max);
        }
        for (SimProcess p : gpu.processes()) {
            int k = calls.call("smi4jmock_gpu_add_process", g, (int) p.pid(), text(p.name()), p.usedGpuMemoryBytes(),
                    (int) p.gpuInstanceId(), (int) p.computeInstanceId());
            if (p.graphics() || p.utilization().isPresent()) {
                ProcessUtilizationSample u = p.utilization()
                        .orElse(new ProcessUtilizationSample(p.pid(), 0, 0, 0, 0, 0, 0, 0));
                calls.call("smi4jmock_gpu_process_use", g, k, flag(p.compute()), flag(p.graphics()),
                        flag(p.utilization().isPresent()), u.timestampUs(), (int) u.smUtil(), (int) u.memUtil(),
                        (int) u.encUtil(), (int) u.decUtil(), (int) u.jpgUtil(), (int) u.ofaUtil());
            }
        }
        for (SimGpuInstance gi : gpu.gpuInstances()) {
            applyGpuInstance(calls, g, gi);
        }
        for (SimMigDevice d : gpu.migDevices()) {
            MemoryInfo dm = d.memory();
            calls.call("smi4jmock_gpu_add_mig_device", g, text(d.name()), text(d.uuid()), (int) d.gpuInstanceId(),
                    (int) d.computeInstanceId(), dm.totalBytes(), dm.reservedBytes(), dm.freeBytes(), dm.usedBytes());
        }
        if (gpu.guestLicense().isPresent()) {
            GridLicense license = gpu.guestLicense().get();
            calls.call("smi4jmock_gpu_guest_license", g, flag(license.supported()));
            for (GridLicense.Feature f : license.features()) {
                calls.call("smi4jmock_gpu_add_license_feature", g, f.featureCode(), f.state(), text(f.productName()),
                        flag(f.enabled()));
            }
        }
        if (gpu.vgpuHost().isPresent()) {
            applyVgpuHost(calls, g, gpu.vgpuHost().get());
        }
    }

    private static void applyGpuInstance(Calls calls, int g, SimGpuInstance gi) {
        int index = calls.call("smi4jmock_gpu_add_gpu_instance", g, gi.profile().profileIndex(), (int) gi.profile().id(),
                (int) gi.profile().sliceCount(), (int) gi.profile().instanceCount(),
                (int) gi.profile().multiprocessorCount(), gi.profile().memorySizeMiB(), (int) gi.instance().id(),
                (int) gi.instance().placementStart(), (int) gi.instance().placementSize());
        for (ComputeInstanceProfile p : gi.computeProfiles()) {
            calls.call("smi4jmock_gi_add_compute_profile", g, index, p.profileIndex(), (int) p.id(), (int) p.sliceCount(),
                    (int) p.instanceCount(), (int) p.multiprocessorCount());
        }
        for (ComputeInstance ci : gi.computeInstances()) {
            calls.call("smi4jmock_gi_add_compute_instance", g, index, (int) ci.id(), (int) ci.profileId());
        }
        gi.vgpuHost().ifPresent(v -> applyGpuInstanceVgpus(calls, g, index, v));
    }

    /** A GPU instance's side of MIG-backed vGPU (R575): its scheduler state and log, mode and types. */
    private static void applyGpuInstanceVgpus(Calls calls, int g, int gi, SimGpuInstanceVgpus v) {
        calls.call("smi4jmock_gi_vgpu_host", g, gi, v.heterogeneousMode());
        int[] state = words(v.state().arrMode(), v.state().params());
        calls.call("smi4jmock_gi_vgpu_scheduler", g, gi, v.state().policy().code(), v.state().arrMode().code(),
                state[0], state[1], (int) v.state().params().avgFactor(),
                (int) NvmlUnits.nanosFromSeconds(v.state().params().timesliceSeconds()));
        SchedulerLog log = v.schedulerLog();
        int[] words = words(log.arrMode(), log.params());
        calls.call("smi4jmock_gi_vgpu_log", g, gi, (int) log.engineId(), log.policy().code(), log.arrMode().code(),
                words[0], words[1], (int) log.params().avgFactor(),
                (int) NvmlUnits.nanosFromSeconds(log.params().timesliceSeconds()));
        for (SchedulerLogEntry e : log.entries()) {
            calls.call("smi4jmock_gi_add_log_entry", g, gi, e.timestampNs(),
                    NvmlUnits.nanosFromSeconds(e.timeRunTotalSeconds()), NvmlUnits.nanosFromSeconds(e.timeRunSeconds()),
                    (int) e.swRunlistId(), NvmlUnits.nanosFromSeconds(e.targetTimeSliceSeconds()),
                    NvmlUnits.nanosFromSeconds(e.cumulativePreemptionSeconds()), (int) e.weight());
        }
        for (SimGpuInstanceVgpus.Type t : v.types()) {
            calls.call("smi4jmock_gi_add_vgpu_type", g, gi, (int) t.typeId(), flag(t.creatable()),
                    (int) t.placementSize(), (int) t.maxInstancesPerGpuInstance());
            for (long p : t.creatablePlacements()) {
                calls.call("smi4jmock_gi_type_add_creatable_placement", g, gi, (int) t.typeId(), (int) p);
            }
        }
    }

    private static void applyVgpuHost(Calls calls, int g, SimVgpuHost host) {
        calls.call("smi4jmock_gpu_vgpu_host", g, host.hostMode().code(), host.heterogeneousMode());
        SchedulerCapabilities c = host.capabilities();
        int[] slots = new int[SCHEDULER_SLOTS];
        for (int i = 0; i < SCHEDULER_SLOTS && i < c.supportedSchedulers().size(); i++) {
            slots[i] = c.supportedSchedulers().get(i).code();
        }
        calls.call("smi4jmock_gpu_scheduler_caps", g, slots[0], slots[1], slots[2], (int) NvmlUnits.nanosFromSeconds(c.maxTimesliceSeconds()),
                (int) NvmlUnits.nanosFromSeconds(c.minTimesliceSeconds()), flag(c.arrModeSupported()),
                (int) c.maxFrequencyForArrHertz(), (int) c.minFrequencyForArrHertz(), (int) c.maxAvgFactorForArr(), (int) c.minAvgFactorForArr());
        int[] state = words(host.state().arrMode(), host.state().params());
        calls.call("smi4jmock_gpu_scheduler_state", g, host.state().policy().code(), host.state().arrMode().code(),
                state[0], state[1]);
        int[] log = words(host.schedulerLog().arrMode(), host.schedulerLog().params());
        calls.call("smi4jmock_gpu_scheduler_log", g, (int) host.schedulerLog().engineId(),
                host.schedulerLog().policy().code(), host.schedulerLog().arrMode().code(), log[0], log[1]);
        SchedulerParams stateV2 = host.state().params();
        SchedulerParams logV2 = host.schedulerLog().params();
        calls.call("smi4jmock_gpu_scheduler_v2", g, (int) stateV2.avgFactor(),
                (int) NvmlUnits.nanosFromSeconds(stateV2.timesliceSeconds()), (int) logV2.avgFactor(),
                (int) NvmlUnits.nanosFromSeconds(logV2.timesliceSeconds()));
        for (SchedulerLogEntry e : host.schedulerLog().entries()) {
            int entry = calls.call("smi4jmock_gpu_add_log_entry", g, e.timestampNs(),
                    NvmlUnits.nanosFromSeconds(e.timeRunTotalSeconds()),
                    NvmlUnits.nanosFromSeconds(e.timeRunSeconds()), (int) e.swRunlistId(),
                    NvmlUnits.nanosFromSeconds(e.targetTimeSliceSeconds()),
                    NvmlUnits.nanosFromSeconds(e.cumulativePreemptionSeconds()));
            if (e.weight() != -1) {
                calls.call("smi4jmock_log_entry_weight", g, entry, (int) e.weight());
            }
        }
        for (SimVgpuType t : host.types()) {
            int type = calls.call("smi4jmock_gpu_add_vgpu_type", g, (int) t.id(), text(t.name()), text(t.typeClass()),
                    t.framebufferBytes(), (int) t.maxInstances(), (int) t.gpuInstanceProfileId(), flag(t.creatable()));
            calls.call("smi4jmock_vgpu_type_placement", g, type, (int) t.placementSize(), (int) t.maxInstancesPerVm());
            calls.call("smi4jmock_vgpu_type_sizes", g, type, t.bar1Bytes().orElse(-1L), t.fbReservationBytes().orElse(-1L),
                    t.gspHeapBytes().orElse(-1L));
            for (long p : t.creatablePlacements()) {
                calls.call("smi4jmock_vgpu_type_add_creatable_placement", g, type, (int) p);
            }
        }
        for (SimVgpu v : host.vgpus()) {
            applyVgpu(calls, g, v);
        }
        for (int cap = 0; cap < host.vgpuCapabilities().size(); cap++) {
            calls.call("smi4jmock_gpu_vgpu_capability", g, cap, (long) host.vgpuCapabilities().get(cap));
        }
        for (VgpuUtilizationSample s : host.utilizationSamples()) {
            calls.call("smi4jmock_gpu_add_util_sample", g, (int) s.vgpuInstance(), s.timestampUs(), s.sm(), s.mem(),
                    s.enc(), s.dec(), s.jpg(), s.ofa());
        }
        for (VgpuProcessUtilizationSample s : host.processSamples()) {
            calls.call("smi4jmock_gpu_add_process_sample", g, (int) s.vgpuInstance(), (int) s.pid(), text(s.processName()),
                    s.timestampUs(), (int) s.smUtil(), (int) s.memUtil(), (int) s.encUtil(), (int) s.decUtil());
        }
    }

    private static void applyVgpu(Calls calls, int g, SimVgpu v) {
        int index = calls.call("smi4jmock_gpu_add_vgpu", g, (int) v.id(), text(v.uuid()), (int) v.typeId(),
                text(v.vmId().id()), v.vmId().type().code(), text(v.vmDriverVersion()), v.fbUsageBytes(),
                (int) v.frameRateLimit(), flag(v.eccEnabled()), (int) v.encoderCapacity(),
                (int) v.encoderStats().sessionCount(), (int) v.encoderStats().averageFps(),
                (int) v.encoderStats().averageLatencyUs(), (int) v.gpuInstanceId(), flag(v.accountingMode()));
        calls.call("smi4jmock_vgpu_placement", g, index, (int) v.placementId());
        calls.call("smi4jmock_vgpu_fbc", g, index, (int) v.fbcStats().sessionCount(), (int) v.fbcStats().averageFps(),
                (int) v.fbcStats().averageLatencyUs());
        calls.call("smi4jmock_vgpu_runtime_state", g, index, v.runtimeStateBytes().orElse(-1L));
        LicenseExpiry x = v.license().expiry();
        calls.call("smi4jmock_vgpu_license", g, index, flag(v.license().licensed()), (int) x.year(), x.month(), x.day(),
                x.hour(), x.minute(), x.second(), x.status(), v.license().state().code());
        for (SimVgpu.Accounting a : v.accounting()) {
            calls.call("smi4jmock_vgpu_add_accounting", g, index, (int) a.pid(), (int) a.stats().gpuUtilizationPercent(),
                    (int) a.stats().memoryUtilizationPercent(), a.stats().maxMemoryUsageBytes(),
                    NvmlUnits.millisFromSeconds(a.stats().runSeconds()), a.stats().startTimeNs() / 1000,
                    flag(a.stats().running()));
        }
    }

    /** The parameter union's two 32-bit words in the form NVML uses for {@code arr}. */
    private static int[] words(ArrMode arr, SchedulerParams params) {
        return arr == ArrMode.ENABLED
                ? new int[] {(int) params.avgFactor(), (int) NvmlUnits.nanosFromSeconds(params.timesliceSeconds())}
                : new int[] {(int) NvmlUnits.nanosFromSeconds(params.timesliceSeconds()), 0};
    }

    private int call(String name, Object... args) {
        int result = function(name).invokeInt(args);
        if (result < 0) {
            throw new IllegalArgumentException(name + " refused " + describe(args)
                    + ": a value out of range or beyond the native mock's capacity (see mock.h)");
        }
        return result;
    }

    private Function function(String name) {
        return library.getFunction(name);
    }

    private static String describe(Object[] args) {
        Object[] shown = args.clone();
        for (int i = 0; i < shown.length; i++) {
            if (shown[i] instanceof byte[]) {
                byte[] b = (byte[]) shown[i];
                shown[i] = '"' + new String(b, 0, b.length - 1, StandardCharsets.UTF_8) + '"';
            }
        }
        return Arrays.toString(shown);
    }

    /** A C string: UTF-8 whatever the platform's default charset, NUL-terminated. */
    private static byte[] text(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(utf8, utf8.length + 1);
    }

    private static int flag(boolean b) {
        return b ? 1 : 0;
    }
}
