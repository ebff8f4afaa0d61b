package io.smi4j.nvml.jna;

import com.sun.jna.Native;
import io.smi4j.model.AccountingStats;
import io.smi4j.model.ArrMode;
import io.smi4j.model.GridLicense;
import io.smi4j.model.LicenseState;
import io.smi4j.model.SchedulerCapabilities;
import io.smi4j.model.SchedulerLogEntry;
import io.smi4j.model.SchedulerParams;
import io.smi4j.model.SchedulerPolicy;
import io.smi4j.model.SchedulerSetState;
import io.smi4j.model.SchedulerState;
import io.smi4j.nvml.ComputeInstance;
import io.smi4j.nvml.ComputeInstanceProfile;
import io.smi4j.nvml.GpuInstance;
import io.smi4j.nvml.GpuInstanceProfile;
import io.smi4j.nvml.LicenseExpiry;
import io.smi4j.nvml.LicenseInfo;
import io.smi4j.nvml.MemoryInfo;
import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlUnits;
import io.smi4j.nvml.PciInfo;
import io.smi4j.nvml.ProcessInfo;
import io.smi4j.nvml.ProcessUtilizationSample;
import io.smi4j.nvml.SchedulerLog;
import io.smi4j.nvml.VgpuProcessUtilizationSample;
import io.smi4j.nvml.VgpuUtilizationSample;
import io.smi4j.nvml.jna.Layouts.Constants;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * NVML's structs as the port's records: each method reads one C type at the offsets of {@link Layouts}
 * from the buffer NVML just filled (the scratch buffer, or for arrays the array buffer), converting
 * units on the way ({@link NvmlUnits}).
 */
final class Structs {

    private Structs() {
    }

    static PciInfo pciInfo(Buffers b) {
        return new PciInfo(
                b.string(Layouts.PciInfo.BUS_ID, Constants.DEVICE_PCI_BUS_ID_BUFFER_SIZE),
                b.u32(Layouts.PciInfo.DOMAIN),
                b.u32(Layouts.PciInfo.BUS),
                b.u32(Layouts.PciInfo.DEVICE),
                b.u32(Layouts.PciInfo.PCI_DEVICE_ID),
                b.u32(Layouts.PciInfo.PCI_SUB_SYSTEM_ID));
    }

    static MemoryInfo memoryV2(Buffers b) {
        return new MemoryInfo(
                b.view.getLong(Layouts.Memory_v2.TOTAL),
                b.view.getLong(Layouts.Memory_v2.RESERVED),
                b.view.getLong(Layouts.Memory_v2.FREE),
                b.view.getLong(Layouts.Memory_v2.USED));
    }

    /** v1 has no reserved memory. */
    static MemoryInfo memoryV1(Buffers b) {
        return new MemoryInfo(
                b.view.getLong(Layouts.Memory.TOTAL),
                Nvml.NOT_AVAILABLE,
                b.view.getLong(Layouts.Memory.FREE),
                b.view.getLong(Layouts.Memory.USED));
    }

    static List<ProcessInfo> processes(Buffers b, int n, int recordSize) {
        ByteBuffer a = b.arrayView();
        List<ProcessInfo> processes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int base = i * recordSize;
            processes.add(new ProcessInfo(
                    Integer.toUnsignedLong(a.getInt(base + Layouts.ProcessInfo.PID)),
                    a.getLong(base + Layouts.ProcessInfo.USED_GPU_MEMORY),
                    Buffers.orNotAvailable(a.getInt(base + Layouts.ProcessInfo.GPU_INSTANCE_ID)),
                    Buffers.orNotAvailable(a.getInt(base + Layouts.ProcessInfo.COMPUTE_INSTANCE_ID))));
        }
        return processes;
    }

    static GridLicense gridLicense(Buffers b) {
        ByteBuffer v = b.view;
        int count = Math.min(Constants.GRID_LICENSE_FEATURE_MAX_COUNT,
                Math.max(0, v.getInt(Layouts.GridLicensableFeatures.LICENSABLE_FEATURES_COUNT)));
        List<GridLicense.Feature> features = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int base = Layouts.GridLicensableFeatures.GRID_LICENSABLE_FEATURES + i * Layouts.GridLicensableFeature.SIZE;
            features.add(new GridLicense.Feature(
                    v.getInt(base + Layouts.GridLicensableFeature.FEATURE_CODE),
                    v.getInt(base + Layouts.GridLicensableFeature.FEATURE_STATE),
                    b.string(base + Layouts.GridLicensableFeature.PRODUCT_NAME, Constants.GRID_LICENSE_BUFFER_SIZE),
                    v.getInt(base + Layouts.GridLicensableFeature.FEATURE_ENABLED) != 0));
        }
        return new GridLicense(v.getInt(Layouts.GridLicensableFeatures.IS_GRID_LICENSE_SUPPORTED) != 0, features);
    }

    static GpuInstanceProfile gpuInstanceProfile(Buffers b, int index) {
        return new GpuInstanceProfile(index,
                b.u32(Layouts.GpuInstanceProfileInfo.ID),
                b.u32(Layouts.GpuInstanceProfileInfo.SLICE_COUNT),
                b.u32(Layouts.GpuInstanceProfileInfo.INSTANCE_COUNT),
                b.u32(Layouts.GpuInstanceProfileInfo.MULTIPROCESSOR_COUNT),
                b.view.getLong(Layouts.GpuInstanceProfileInfo.MEMORY_SIZE_MB));
    }

    static GpuInstance gpuInstance(Buffers b, long handle) {
        return new GpuInstance(handle,
                b.u32(Layouts.GpuInstanceInfo.ID),
                b.u32(Layouts.GpuInstanceInfo.PROFILE_ID),
                b.u32(Layouts.GpuInstanceInfo.PLACEMENT_START),
                b.u32(Layouts.GpuInstanceInfo.PLACEMENT_SIZE));
    }

    static ComputeInstanceProfile computeInstanceProfile(Buffers b, int index) {
        return new ComputeInstanceProfile(index,
                b.u32(Layouts.ComputeInstanceProfileInfo.ID),
                b.u32(Layouts.ComputeInstanceProfileInfo.SLICE_COUNT),
                b.u32(Layouts.ComputeInstanceProfileInfo.INSTANCE_COUNT),
                b.u32(Layouts.ComputeInstanceProfileInfo.MULTIPROCESSOR_COUNT));
    }

    static ComputeInstance computeInstance(Buffers b, long handle, long gpuInstanceId) {
        return new ComputeInstance(handle,
                b.u32(Layouts.ComputeInstanceInfo.ID),
                b.u32(Layouts.ComputeInstanceInfo.PROFILE_ID),
                gpuInstanceId);
    }

    static SchedulerCapabilities schedulerCapabilities(Buffers b) {
        List<SchedulerPolicy> policies = new ArrayList<>(Layouts.VgpuSchedulerCapabilities.SUPPORTED_SCHEDULERS_SLOTS);
        for (int i = 0; i < Layouts.VgpuSchedulerCapabilities.SUPPORTED_SCHEDULERS_SLOTS; i++) {
            long policy = b.u32(Layouts.VgpuSchedulerCapabilities.SUPPORTED_SCHEDULERS + 4 * i);
            if (policy != 0) {
                policies.add(SchedulerPolicy.of(policy));
            }
        }
        return new SchedulerCapabilities(policies,
                NvmlUnits.secondsFromNanos(b.u32(Layouts.VgpuSchedulerCapabilities.MAX_TIMESLICE)),
                NvmlUnits.secondsFromNanos(b.u32(Layouts.VgpuSchedulerCapabilities.MIN_TIMESLICE)),
                b.view.getInt(Layouts.VgpuSchedulerCapabilities.IS_ARR_MODE_SUPPORTED) != 0,
                b.u32(Layouts.VgpuSchedulerCapabilities.MAX_FREQUENCY_FOR_ARR),
                b.u32(Layouts.VgpuSchedulerCapabilities.MIN_FREQUENCY_FOR_ARR),
                b.u32(Layouts.VgpuSchedulerCapabilities.MAX_AVG_FACTOR_FOR_ARR),
                b.u32(Layouts.VgpuSchedulerCapabilities.MIN_AVG_FACTOR_FOR_ARR));
    }

    static SchedulerState schedulerState(Buffers b) {
        ArrMode arr = ArrMode.of(b.u32(Layouts.VgpuSchedulerGetState.ARR_MODE));
        return new SchedulerState(
                SchedulerPolicy.of(b.u32(Layouts.VgpuSchedulerGetState.SCHEDULER_POLICY)),
                arr,
                params(b, arr, Layouts.VgpuSchedulerGetState.SCHEDULER_PARAMS));
    }

    /** Decodes only the entries newer than {@code newerThanNs}: a steady poll allocates no entry it drops. */
    static SchedulerLog schedulerLog(Buffers b, long newerThanNs) {
        return v1Log(b, newerThanNs, Layouts.VgpuSchedulerLog.ENGINE_ID, Layouts.VgpuSchedulerLog.SCHEDULER_POLICY,
                Layouts.VgpuSchedulerLog.ARR_MODE, Layouts.VgpuSchedulerLog.SCHEDULER_PARAMS,
                Layouts.VgpuSchedulerLog.ENTRIES_COUNT, Layouts.VgpuSchedulerLog.LOG_ENTRIES);
    }

    /** {@code nvmlVgpuSchedulerLogInfo_v1_t} (a GPU instance's log): the v1 log after a version word. */
    static SchedulerLog schedulerLogInfoV1(Buffers b, long newerThanNs) {
        return v1Log(b, newerThanNs, Layouts.VgpuSchedulerLogInfo_v1.ENGINE_ID,
                Layouts.VgpuSchedulerLogInfo_v1.SCHEDULER_POLICY, Layouts.VgpuSchedulerLogInfo_v1.ARR_MODE,
                Layouts.VgpuSchedulerLogInfo_v1.SCHEDULER_PARAMS, Layouts.VgpuSchedulerLogInfo_v1.ENTRIES_COUNT,
                Layouts.VgpuSchedulerLogInfo_v1.LOG_ENTRIES);
    }

    /** A v1 log ({@code nvmlVgpuSchedulerLogEntry_t} entries, no weights) at the given offsets. */
    private static SchedulerLog v1Log(Buffers b, long newerThanNs, int engineId, int policy, int arrMode, int params,
            int entriesCount, int logEntries) {
        ArrMode arr = ArrMode.of(b.u32(arrMode));
        long count = Math.min(Constants.SCHEDULER_SW_MAX_LOG_ENTRIES, b.u32(entriesCount));
        List<SchedulerLogEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int base = logEntries + i * Layouts.VgpuSchedulerLogEntry.SIZE;
            long timestamp = b.view.getLong(base + Layouts.VgpuSchedulerLogEntry.TIMESTAMP);
            if (timestamp <= newerThanNs) {
                continue;
            }
            entries.add(new SchedulerLogEntry(
                    timestamp,
                    seconds(b, base + Layouts.VgpuSchedulerLogEntry.TIME_RUN_TOTAL),
                    seconds(b, base + Layouts.VgpuSchedulerLogEntry.TIME_RUN),
                    b.u32(base + Layouts.VgpuSchedulerLogEntry.SW_RUNLIST_ID),
                    seconds(b, base + Layouts.VgpuSchedulerLogEntry.TARGET_TIME_SLICE),
                    seconds(b, base + Layouts.VgpuSchedulerLogEntry.CUMULATIVE_PREEMPTION_TIME), -1));
        }
        return new SchedulerLog(b.u32(engineId), SchedulerPolicy.of(b.u32(policy)), arr, params(b, arr, params),
                entries);
    }

    /** {@code nvmlVgpuSchedulerStateInfo_v1_t} (a GPU instance's scheduler): the v1 state after a version word. */
    static SchedulerState schedulerStateInfoV1(Buffers b) {
        ArrMode arr = ArrMode.of(b.u32(Layouts.VgpuSchedulerStateInfo_v1.ARR_MODE));
        return new SchedulerState(
                SchedulerPolicy.of(b.u32(Layouts.VgpuSchedulerStateInfo_v1.SCHEDULER_POLICY)),
                arr,
                params(b, arr, Layouts.VgpuSchedulerStateInfo_v1.SCHEDULER_PARAMS));
    }

    /** {@code nvmlVgpuSchedulerStateInfo_v2_t}: no ARR mode, the average factor and time slice as reported. */
    static SchedulerState schedulerStateV2(Buffers b) {
        return new SchedulerState(
                SchedulerPolicy.of(b.u32(Layouts.VgpuSchedulerStateInfo_v2.SCHEDULER_POLICY)),
                ArrMode.UNKNOWN,
                new SchedulerParams(b.u32(Layouts.VgpuSchedulerStateInfo_v2.AVG_FACTOR),
                        NvmlUnits.secondsFromNanos(b.u32(Layouts.VgpuSchedulerStateInfo_v2.TIMESLICE))));
    }

    /** {@code nvmlVgpuSchedulerLogInfo_v2_t}, decoding only the entries newer than {@code newerThanNs}. */
    static SchedulerLog schedulerLogV2(Buffers b, long newerThanNs) {
        long count = Math.min(Constants.SCHEDULER_SW_MAX_LOG_ENTRIES,
                b.u32(Layouts.VgpuSchedulerLogInfo_v2.ENTRIES_COUNT));
        List<SchedulerLogEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int base = Layouts.VgpuSchedulerLogInfo_v2.LOG_ENTRIES + i * Layouts.VgpuSchedulerLogEntry_v2.SIZE;
            long timestamp = b.view.getLong(base + Layouts.VgpuSchedulerLogEntry_v2.TIMESTAMP);
            if (timestamp <= newerThanNs) {
                continue;
            }
            entries.add(new SchedulerLogEntry(
                    timestamp,
                    seconds(b, base + Layouts.VgpuSchedulerLogEntry_v2.TIME_RUN_TOTAL),
                    seconds(b, base + Layouts.VgpuSchedulerLogEntry_v2.TIME_RUN),
                    b.u32(base + Layouts.VgpuSchedulerLogEntry_v2.SW_RUNLIST_ID),
                    seconds(b, base + Layouts.VgpuSchedulerLogEntry_v2.TARGET_TIME_SLICE),
                    seconds(b, base + Layouts.VgpuSchedulerLogEntry_v2.CUMULATIVE_PREEMPTION_TIME),
                    b.u32(base + Layouts.VgpuSchedulerLogEntry_v2.WEIGHT)));
        }
        return new SchedulerLog(
                b.u32(Layouts.VgpuSchedulerLogInfo_v2.ENGINE_ID),
                SchedulerPolicy.of(b.u32(Layouts.VgpuSchedulerLogInfo_v2.SCHEDULER_POLICY)),
                ArrMode.UNKNOWN,
                new SchedulerParams(b.u32(Layouts.VgpuSchedulerLogInfo_v2.AVG_FACTOR),
                        NvmlUnits.secondsFromNanos(b.u32(Layouts.VgpuSchedulerLogInfo_v2.TIMESLICE))),
                entries);
    }

    /** {@code nvmlVgpuSchedulerState_v2_t} for the graphics engine: policy, average factor and frequency. */
    static void writeSchedulerStateV2(Buffers b, SchedulerSetState state) {
        ByteBuffer v = b.view;
        b.scratch.clear(Layouts.VgpuSchedulerState_v2.SIZE);
        v.putInt(Layouts.VgpuSchedulerState_v2.ENGINE_ID, Constants.VGPU_SCHEDULER_ENGINE_TYPE_GRAPHICS);
        v.putInt(Layouts.VgpuSchedulerState_v2.SCHEDULER_POLICY, state.policy().code());
        v.putInt(Layouts.VgpuSchedulerState_v2.AVG_FACTOR, (int) state.avgFactor());
        v.putInt(Layouts.VgpuSchedulerState_v2.FREQUENCY, (int) state.frequencyHertz());
    }

    private static double seconds(Buffers b, int nanosOffset) {
        return NvmlUnits.secondsFromNanos(b.view.getLong(nanosOffset));
    }

    /** The parameter union as NVML lays it out for {@code arr}: {avgFactor, timeslice} with ARR enabled, else {timeslice}. */
    private static SchedulerParams params(Buffers b, ArrMode arr, int offset) {
        if (arr == ArrMode.ENABLED) {
            return new SchedulerParams(b.u32(offset + Layouts.VgpuSchedulerParams.WITH_ARR_AVG_FACTOR),
                    NvmlUnits.secondsFromNanos(b.u32(offset + Layouts.VgpuSchedulerParams.WITH_ARR_TIMESLICE)));
        }
        return new SchedulerParams(-1, NvmlUnits.secondsFromNanos(b.u32(offset + Layouts.VgpuSchedulerParams.TIMESLICE)));
    }

    /** Writes {@code enableARRMode} as NVML's ARR constants (ENABLE 2, DISABLE 1) and the union in the matching form. */
    static void writeSchedulerSetState(Buffers b, SchedulerSetState state) {
        ByteBuffer v = b.view;
        b.scratch.clear(Layouts.VgpuSchedulerSetState.SIZE);
        v.putInt(Layouts.VgpuSchedulerSetState.SCHEDULER_POLICY, state.policy().code());
        int params = Layouts.VgpuSchedulerSetState.SCHEDULER_PARAMS;
        if (state.enableArr()) {
            v.putInt(Layouts.VgpuSchedulerSetState.ENABLE_ARR_MODE, Constants.VGPU_SCHEDULER_ARR_ENABLE);
            v.putInt(params + Layouts.VgpuSchedulerSetParams.WITH_ARR_AVG_FACTOR, (int) state.avgFactor());
            v.putInt(params + Layouts.VgpuSchedulerSetParams.WITH_ARR_FREQUENCY, (int) state.frequencyHertz());
        } else {
            v.putInt(Layouts.VgpuSchedulerSetState.ENABLE_ARR_MODE, Constants.VGPU_SCHEDULER_ARR_DISABLE);
            v.putInt(params + Layouts.VgpuSchedulerSetParams.TIMESLICE,
                    (int) NvmlUnits.nanosFromSeconds(state.timesliceSeconds()));
        }
    }

    /** {@code nvmlVgpuLicenseInfo_t}; the answer {@code last} kept for {@code vgpu} when nothing in it changed. */
    static LicenseInfo licenseInfo(Buffers b, LastAnswers<LicenseInfo> last, long vgpu) {
        int e = Layouts.VgpuLicenseInfo.LICENSE_EXPIRY;
        long year = b.u32(e + Layouts.VgpuLicenseExpiry.YEAR);
        int month = b.u16(e + Layouts.VgpuLicenseExpiry.MONTH);
        int day = b.u16(e + Layouts.VgpuLicenseExpiry.DAY);
        int hour = b.u16(e + Layouts.VgpuLicenseExpiry.HOUR);
        int minute = b.u16(e + Layouts.VgpuLicenseExpiry.MIN);
        int second = b.u16(e + Layouts.VgpuLicenseExpiry.SEC);
        int status = b.view.get(e + Layouts.VgpuLicenseExpiry.STATUS) & 0xFF;
        boolean licensed = b.view.get(Layouts.VgpuLicenseInfo.IS_LICENSED) != 0;
        LicenseState state = LicenseState.of(b.u32(Layouts.VgpuLicenseInfo.CURRENT_STATE));
        LicenseInfo kept = last.get(vgpu);
        if (kept != null && kept.licensed() == licensed && kept.state() == state) {
            LicenseExpiry x = kept.expiry();
            if (x.year() == year && x.month() == month && x.day() == day && x.hour() == hour && x.minute() == minute
                    && x.second() == second && x.status() == status) {
                return kept;
            }
        }
        return last.put(vgpu, new LicenseInfo(licensed,
                new LicenseExpiry(year, month, day, hour, minute, second, status), state));
    }

    /**
     * {@code decoded}, or the answer {@code last} kept for {@code key} when it says the same: the reader and the
     * scheduler-change notification then tell an unchanged state by identity.
     */
    static SchedulerState kept(LastAnswers<SchedulerState> last, long key, SchedulerState decoded) {
        SchedulerState kept = last.get(key);
        if (kept != null && kept.policy() == decoded.policy() && kept.arrMode() == decoded.arrMode()
                && kept.params().avgFactor() == decoded.params().avgFactor()
                && LastAnswers.same(kept.params().timesliceSeconds(), decoded.params().timesliceSeconds())) {
            return kept;
        }
        return last.put(key, decoded);
    }

    /** {@code nvmlAccountingStats_t}; the answer {@code last} kept for {@code key} when nothing in it changed. */
    static AccountingStats accountingStats(Buffers b, LastAnswers<AccountingStats> last, long key) {
        double gpu = percent(b.u32(Layouts.AccountingStats.GPU_UTILIZATION));
        double memory = percent(b.u32(Layouts.AccountingStats.MEMORY_UTILIZATION));
        long maxMemory = b.view.getLong(Layouts.AccountingStats.MAX_MEMORY_USAGE);
        double run = NvmlUnits.secondsFromMillis(b.view.getLong(Layouts.AccountingStats.TIME));
        long start = NvmlUnits.nanosFromMicros(b.view.getLong(Layouts.AccountingStats.START_TIME));
        boolean running = b.view.getInt(Layouts.AccountingStats.IS_RUNNING) != 0;
        AccountingStats kept = last.get(key);
        if (kept != null && LastAnswers.same(kept.gpuUtilizationPercent(), gpu)
                && LastAnswers.same(kept.memoryUtilizationPercent(), memory) && kept.maxMemoryUsageBytes() == maxMemory
                && LastAnswers.same(kept.runSeconds(), run) && kept.startTimeNs() == start && kept.running() == running) {
            return kept;
        }
        return last.put(key, new AccountingStats(gpu, memory, maxMemory, run, start, running));
    }

    /** NVML's 32-bit percent, or NaN for its all-ones "not available". */
    private static double percent(long value) {
        // callers pass Buffers.u32, which already turned all ones into NOT_AVAILABLE
        return value == Nvml.NOT_AVAILABLE || value == 0xFFFF_FFFFL ? Double.NaN : value;
    }

    /** {@code nvmlVgpuInstanceUtilizationSample_t}s, values of {@code type}: no jpg / ofa before R550. */
    static List<VgpuUtilizationSample> vgpuUtilization(Buffers b, int n, int type,
            LastAnswers<VgpuUtilizationSample> last) {
        ByteBuffer a = b.arrayView();
        List<VgpuUtilizationSample> samples = new ArrayList<>(Math.max(n, 0));
        for (int i = 0; i < n; i++) {
            int base = i * Layouts.VgpuInstanceUtilizationSample.SIZE;
            samples.add(sample(last,
                    Integer.toUnsignedLong(a.getInt(base + Layouts.VgpuInstanceUtilizationSample.VGPU_INSTANCE)),
                    a.getLong(base + Layouts.VgpuInstanceUtilizationSample.TIME_STAMP),
                    value(a, base + Layouts.VgpuInstanceUtilizationSample.SM_UTIL, type),
                    value(a, base + Layouts.VgpuInstanceUtilizationSample.MEM_UTIL, type),
                    value(a, base + Layouts.VgpuInstanceUtilizationSample.ENC_UTIL, type),
                    value(a, base + Layouts.VgpuInstanceUtilizationSample.DEC_UTIL, type),
                    Double.NaN,
                    Double.NaN));
        }
        return samples;
    }

    /** {@code nvmlVgpuInstanceUtilizationInfo_v1}s (R550), values of {@code type}. */
    static List<VgpuUtilizationSample> vgpuInstancesUtilization(Buffers b, int n, int type,
            LastAnswers<VgpuUtilizationSample> last) {
        ByteBuffer a = b.arrayView();
        List<VgpuUtilizationSample> samples = new ArrayList<>(Math.max(n, 0));
        for (int i = 0; i < n; i++) {
            int base = i * Layouts.VgpuInstanceUtilizationInfo_v1.SIZE;
            samples.add(sample(last,
                    Integer.toUnsignedLong(a.getInt(base + Layouts.VgpuInstanceUtilizationInfo_v1.VGPU_INSTANCE)),
                    a.getLong(base + Layouts.VgpuInstanceUtilizationInfo_v1.TIME_STAMP),
                    value(a, base + Layouts.VgpuInstanceUtilizationInfo_v1.SM_UTIL, type),
                    value(a, base + Layouts.VgpuInstanceUtilizationInfo_v1.MEM_UTIL, type),
                    value(a, base + Layouts.VgpuInstanceUtilizationInfo_v1.ENC_UTIL, type),
                    value(a, base + Layouts.VgpuInstanceUtilizationInfo_v1.DEC_UTIL, type),
                    value(a, base + Layouts.VgpuInstanceUtilizationInfo_v1.JPG_UTIL, type),
                    value(a, base + Layouts.VgpuInstanceUtilizationInfo_v1.OFA_UTIL, type)));
        }
        return samples;
    }

    /** {@code nvmlProcessUtilizationSample_t}s: no jpg / ofa. */
    static List<ProcessUtilizationSample> processUtilization(Buffers b, int n) {
        ByteBuffer a = b.arrayView();
        List<ProcessUtilizationSample> samples = new ArrayList<>(Math.max(n, 0));
        for (int i = 0; i < n; i++) {
            int base = i * Layouts.ProcessUtilizationSample.SIZE;
            samples.add(new ProcessUtilizationSample(
                    Integer.toUnsignedLong(a.getInt(base + Layouts.ProcessUtilizationSample.PID)),
                    a.getLong(base + Layouts.ProcessUtilizationSample.TIME_STAMP),
                    Buffers.u32(a, base + Layouts.ProcessUtilizationSample.SM_UTIL),
                    Buffers.u32(a, base + Layouts.ProcessUtilizationSample.MEM_UTIL),
                    Buffers.u32(a, base + Layouts.ProcessUtilizationSample.ENC_UTIL),
                    Buffers.u32(a, base + Layouts.ProcessUtilizationSample.DEC_UTIL),
                    Nvml.NOT_AVAILABLE, Nvml.NOT_AVAILABLE));
        }
        return samples;
    }

    /** {@code nvmlProcessUtilizationInfo_v1_t}s (R550). */
    static List<ProcessUtilizationSample> processesUtilizationInfo(Buffers b, int n) {
        ByteBuffer a = b.arrayView();
        List<ProcessUtilizationSample> samples = new ArrayList<>(Math.max(n, 0));
        for (int i = 0; i < n; i++) {
            int base = i * Layouts.ProcessUtilizationInfo_v1.SIZE;
            samples.add(new ProcessUtilizationSample(
                    Integer.toUnsignedLong(a.getInt(base + Layouts.ProcessUtilizationInfo_v1.PID)),
                    a.getLong(base + Layouts.ProcessUtilizationInfo_v1.TIME_STAMP),
                    Buffers.u32(a, base + Layouts.ProcessUtilizationInfo_v1.SM_UTIL),
                    Buffers.u32(a, base + Layouts.ProcessUtilizationInfo_v1.MEM_UTIL),
                    Buffers.u32(a, base + Layouts.ProcessUtilizationInfo_v1.ENC_UTIL),
                    Buffers.u32(a, base + Layouts.ProcessUtilizationInfo_v1.DEC_UTIL),
                    Buffers.u32(a, base + Layouts.ProcessUtilizationInfo_v1.JPG_UTIL),
                    Buffers.u32(a, base + Layouts.ProcessUtilizationInfo_v1.OFA_UTIL)));
        }
        return samples;
    }

    /** A sample, or the one {@code last} kept for its vGPU when it is the same sample again. */
    private static VgpuUtilizationSample sample(LastAnswers<VgpuUtilizationSample> last, long vgpu, long timestampUs,
            double sm, double mem, double enc, double dec, double jpg, double ofa) {
        VgpuUtilizationSample kept = last.get(vgpu);
        if (kept != null && kept.timestampUs() == timestampUs && LastAnswers.same(kept.sm(), sm)
                && LastAnswers.same(kept.mem(), mem) && LastAnswers.same(kept.enc(), enc)
                && LastAnswers.same(kept.dec(), dec) && LastAnswers.same(kept.jpg(), jpg)
                && LastAnswers.same(kept.ofa(), ofa)) {
            return kept;
        }
        return last.put(vgpu, new VgpuUtilizationSample(vgpu, timestampUs, sm, mem, enc, dec, jpg, ofa));
    }

    static List<VgpuProcessUtilizationSample> vgpuProcessUtilization(Buffers b, int n) {
        ByteBuffer a = b.arrayView();
        List<VgpuProcessUtilizationSample> samples = new ArrayList<>(Math.max(n, 0));
        for (int i = 0; i < n; i++) {
            int base = i * Layouts.VgpuProcessUtilizationSample.SIZE;
            samples.add(new VgpuProcessUtilizationSample(
                    Integer.toUnsignedLong(a.getInt(base + Layouts.VgpuProcessUtilizationSample.VGPU_INSTANCE)),
                    Integer.toUnsignedLong(a.getInt(base + Layouts.VgpuProcessUtilizationSample.PID)),
                    b.string(a, base + Layouts.VgpuProcessUtilizationSample.PROCESS_NAME,
                            Layouts.VgpuProcessUtilizationSample.PROCESS_NAME_SIZE),
                    a.getLong(base + Layouts.VgpuProcessUtilizationSample.TIME_STAMP),
                    Buffers.u32(a, base + Layouts.VgpuProcessUtilizationSample.SM_UTIL),
                    Buffers.u32(a, base + Layouts.VgpuProcessUtilizationSample.MEM_UTIL),
                    Buffers.u32(a, base + Layouts.VgpuProcessUtilizationSample.ENC_UTIL),
                    Buffers.u32(a, base + Layouts.VgpuProcessUtilizationSample.DEC_UTIL)));
        }
        return samples;
    }

    /** An {@code nvmlValue_t} read as the member {@code type} ({@code nvmlValueType_t}) names. */
    static double value(ByteBuffer memory, int offset, int type) {
        switch (type) {
            case Layouts.Value.TYPE_DOUBLE:
                return memory.getDouble(offset);
            case Layouts.Value.TYPE_UNSIGNED_INT:
                return Integer.toUnsignedLong(memory.getInt(offset));
            case Layouts.Value.TYPE_UNSIGNED_LONG:
                return Native.LONG_SIZE == 8 ? unsignedToDouble(memory.getLong(offset))
                        : Integer.toUnsignedLong(memory.getInt(offset));
            case Layouts.Value.TYPE_UNSIGNED_LONG_LONG:
                return unsignedToDouble(memory.getLong(offset));
            case Layouts.Value.TYPE_SIGNED_LONG_LONG:
                return memory.getLong(offset);
            case Layouts.Value.TYPE_SIGNED_INT:
                return memory.getInt(offset);
            case 6: // NVML_VALUE_TYPE_UNSIGNED_SHORT (usVal), added to nvml.h after 12.4
                return memory.getShort(offset) & 0xFFFF;
            default:
                return Double.NaN;
        }
    }

    private static double unsignedToDouble(long value) {
        return value >= 0 ? value : (double) (value >>> 1) * 2.0 + (value & 1);
    }
}
