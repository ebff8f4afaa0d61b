package io.smi4j.collect;

import static io.smi4j.nvml.NvmlFunction.*;

import io.smi4j.model.AccountingStats;
import io.smi4j.model.GpuHealth;
import io.smi4j.model.LicenseState;
import io.smi4j.model.Toggle;
import io.smi4j.model.VgpuAccounting;
import io.smi4j.model.VgpuInstance;
import io.smi4j.model.VgpuProcessUtilization;
import io.smi4j.model.VmIdType;
import io.smi4j.nvml.EncoderStats;
import io.smi4j.nvml.LicenseInfo;
import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlFunction;
import io.smi4j.nvml.NvmlUnits;
import io.smi4j.nvml.VgpuProcessUtilizationSample;
import io.smi4j.nvml.VgpuUtilizationSample;
import io.smi4j.nvml.VmId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the vGPUs running on a vGPU host GPU. Per vGPU, its identity (UUID, type, VM, guest driver, MIG
 * GPU instance, ECC, frame-rate limit, accounting mode) is read once; framebuffer use and encoder and FBC sessions
 * every poll; the values that change rarely (licence, encoder capacity, runtime state size, accounting PIDs and
 * their stats for at most the cap of PIDs, and the guest driver while the guest has none loaded) when the vGPU is
 * first seen and then every {@code refreshPolls} polls, each vGPU at its own poll in that cycle, so that the calls
 * are spread over the polls (one: every poll). Utilization is read incrementally from
 * the newest timestamp seen, with the R550 {@code nvmlDeviceGetVgpuInstancesUtilizationInfo} when the
 * driver has it, else {@code nvmlDeviceGetVgpuUtilization}; each vGPU keeps its newest sample. So are the
 * samples of the processes in each vGPU ({@code nvmlDeviceGetVgpuProcessUtilization}): a vGPU keeps the newest
 * sample per process of the latest poll that brought any for it. A vGPU answering NOT_FOUND was destroyed since
 * the enumeration and is left out. A vGPU in which nothing changed since the last poll keeps last poll's
 * {@link VgpuInstance} (the same object): its record carries the poll that brought its sample, not the sample's
 * age, so it changes once more when that sample turns stale, and otherwise only with a value.
 */
final class VgpuInstanceReader {

    /** What a session knows of the vGPUs of one GPU. */
    static final class Vgpus {
        final Map<Long, Vgpu> byId = new HashMap<>();
        /** The last enumeration read: the vGPUs shown while {@code nvmlDeviceGetActiveVgpus} fails. */
        final Listing<long[]> ids = new Listing<>();
        /** The newest utilization sample seen, in microseconds: the next read asks for newer ones only. */
        long lastSampleUs;
        /** The same for the process samples. */
        long lastProcessSampleUs;
        /** The poll that last brought a new utilization sample for any of these vGPUs. */
        long lastArrivalPoll;
        /** The enumeration of the last poll and its vGPUs: the same array again (the port's unchanged answer) needs no lookups. */
        long[] lastIds;
        Vgpu[] lastActive;
        /** The records of the last poll: when every one is kept, the same list again. */
        List<VgpuInstance> lastOut = List.of();
    }

    /** One vGPU as a session knows it: its identity once read, its newest utilization sample. */
    private static final class Vgpu {
        final long id;
        final CallTarget target;
        /** The vGPU's process records, asked by PID: NOT_FOUND there is a process gone, not the vGPU. */
        final CallTarget processes;
        String uuid;
        long typeId = -1;
        VgpuTypeReader.Facts type;
        VmId vmId;
        String driver;
        Long gpuInstance;
        /** Fixed while the vGPU runs; -1 outside heterogeneous mode or before R550. */
        Long placement;
        Toggle ecc;
        Long frameRateLimit;
        Toggle accountingMode;
        VgpuUtilizationSample sample;
        /** The poll that brought {@link #sample}. */
        long samplePoll;
        List<VgpuProcessUtilization> processUtilization = List.of();
        /** The accounting records of the last refresh: unchanged stats keep this list. */
        List<VgpuAccounting> accounting = List.of();
        /** The poll at which the values read once per refresh are read next; read at once while not {@link #refreshed}. */
        long refreshDuePoll;
        boolean refreshed;
        LicenseState license = LicenseState.UNKNOWN;
        double encoderCapacity = Double.NaN;
        /** {@code nvmlVgpuInstanceGetRuntimeStateSize} at the last refresh (bytes), -1 when not available. */
        long runtimeStateBytes = -1;
        int accountingPids;
        /** The newest utilization sample of this poll's answer, while it is read. */
        VgpuUtilizationSample arrived;
        /**
         * The record of the last poll, and what it was made of where a record's component does not show it whole:
         * the next poll hands out the same record while nothing changed.
         */
        VgpuInstance last;
        int lastKnown;
        EncoderStats lastEncoder;
        EncoderStats lastFbc;
        VgpuUtilizationSample lastSample;
        VgpuUtilizationSample lastShown;

        /** How many of the facts read once are known: they only ever become known, so a change shows here. */
        int known() {
            return (uuid != null ? 1 : 0) + (typeId >= 0 ? 1 : 0) + (type != null ? 1 : 0) + (vmId != null ? 1 : 0)
                    + (driver != null ? 1 : 0) + (placement != null ? 1 : 0) + (gpuInstance != null ? 1 : 0)
                    + (ecc != null ? 1 : 0) + (frameRateLimit != null ? 1 : 0) + (accountingMode != null ? 1 : 0);
        }

        Vgpu(CallTarget gpu, long id) {
            this.id = id;
            this.target = gpu.vgpu(id);
            this.processes = target.part();
        }
    }

    private static final String NOT_AVAILABLE_TEXT = "Not Available";

    private final CallPolicy calls;
    private final VgpuTypeReader types;
    private final int accountingPidCap;
    private final int refreshPolls;

    /**
     * @param accountingPidCap at most this many PIDs per vGPU get accounting stats each refresh
     * @param refreshPolls     the rarely changing values of a vGPU are read again every this many polls; 1: every poll
     */
    VgpuInstanceReader(CallPolicy calls, VgpuTypeReader types, int accountingPidCap, int refreshPolls) {
        if (refreshPolls < 1) {
            throw new IllegalArgumentException("refresh polls must be >= 1, was " + refreshPolls);
        }
        this.calls = calls;
        this.types = types;
        this.accountingPidCap = accountingPidCap;
        this.refreshPolls = refreshPolls;
    }

    /**
     * Whether {@code v}'s rarely changing values are to be read this poll: when first seen, then every
     * {@link #refreshPolls} polls; the first refresh after that falls on a poll of the cycle given by the vGPU's id,
     * so that the vGPUs of a host seen together do not all ask on the same poll.
     */
    private boolean refreshDue(Vgpu v) {
        long poll = calls.poll();
        if (v.refreshed && poll < v.refreshDuePoll) {
            return false;
        }
        v.refreshDuePoll = poll + (v.refreshed ? refreshPolls : 1 + Math.floorMod(v.id * 0x9E37_79B9_7F4A_7C15L, refreshPolls));
        v.refreshed = true;
        return true;
    }

    List<VgpuInstance> read(GpuState g, Vgpus vgpus) {
        long[] ids = calls.list(vgpus.ids, GpuHealth.ListKind.VGPUS, g.target, nvmlDeviceGetActiveVgpus,
                Nvml::deviceActiveVgpus, g.handle);
        if (ids == null) {
            return List.of();
        }
        Vgpu[] active;
        if (ids == vgpus.lastIds && vgpus.lastActive != null) {
            active = vgpus.lastActive; // the same enumeration as last poll: the same vGPUs
        } else {
            if (!vgpus.byId.isEmpty()) {
                vgpus.byId.values().removeIf(v -> !VgpuTypeReader.contains(ids, v.id)); // forget vGPUs that are gone
            }
            active = new Vgpu[ids.length];
            for (int i = 0; i < ids.length; i++) {
                Vgpu v = vgpus.byId.get(ids[i]);
                if (v == null) {
                    v = new Vgpu(g.target, ids[i]);
                    vgpus.byId.put(ids[i], v);
                }
                active[i] = v;
            }
            vgpus.lastIds = ids;
            vgpus.lastActive = active;
        }
        readUtilization(g, vgpus, active);
        readProcessUtilization(g, vgpus);
        List<VgpuInstance> kept = vgpus.lastOut;
        VgpuInstance[] out = null; // made at the first difference from the kept list
        int n = 0;
        for (Vgpu v : active) {
            if (!calls.worthCalling(g.target)) {
                break;
            }
            VgpuInstance instance = read(g, v);
            if (instance == null) {
                vgpus.byId.remove(v.id); // destroyed since the enumeration
                vgpus.lastActive = null;
                continue;
            }
            if (out == null && n < kept.size() && kept.get(n) == instance) {
                n++;
                continue;
            }
            if (out == null) {
                out = kept.subList(0, n).toArray(new VgpuInstance[active.length]);
            }
            out[n++] = instance;
        }
        if (out == null && n == kept.size()) {
            return kept; // every record kept: the same list, so consumers that compare identity skip it
        }
        if (out == null) {
            out = kept.subList(0, n).toArray(new VgpuInstance[n]);
        }
        // an immutable list is kept as is by the records holding it
        vgpus.lastOut = List.of(n == out.length ? out : Arrays.copyOf(out, n));
        return vgpus.lastOut;
    }

    private void readUtilization(GpuState g, Vgpus vgpus, Vgpu[] active) {
        CallTarget t = g.target;
        // No sample for any vGPU for a while: the driver's clock may have gone backwards (a reload, a clock that is
        // not the epoch), so that nothing is newer than the cursor. Ask for all it holds; a newest sample that
        // differs from the one kept is then new, older or not.
        boolean rewind = vgpus.lastSampleUs > 0
                && calls.poll() - vgpus.lastArrivalPoll >= VgpuInstance.STALE_AFTER_POLLS;
        long cursor = rewind ? 0 : vgpus.lastSampleUs;
        List<VgpuUtilizationSample> samples = calls.get(t, nvmlDeviceGetVgpuInstancesUtilizationInfo,
                Nvml::deviceVgpuInstancesUtilizationInfo, g.handle, cursor, null);
        if (samples == null && !t.supports(nvmlDeviceGetVgpuInstancesUtilizationInfo)) {
            samples = calls.get(t, nvmlDeviceGetVgpuUtilization, Nvml::deviceVgpuUtilization, g.handle, cursor, null);
        }
        if (samples == null) {
            return;
        }
        if (rewind) {
            vgpus.lastSampleUs = 0;
        }
        NvmlFunction f = t.supports(nvmlDeviceGetVgpuInstancesUtilizationInfo)
                ? nvmlDeviceGetVgpuInstancesUtilizationInfo : nvmlDeviceGetVgpuUtilization;
        int hint = 0;
        for (int i = 0, n = samples.size(); i < n; i++) {
            VgpuUtilizationSample s = samples.get(i);
            if (calls.future(f, s.timestampUs())) {
                continue; // as the cursor it would hide every later sample
            }
            vgpus.lastSampleUs = Math.max(vgpus.lastSampleUs, s.timestampUs());
            // samples usually come in the enumeration's order: the place after the last one found, then a search
            int at = hint < active.length && active[hint].id == s.vgpuInstance() ? hint
                    : indexOf(active, s.vgpuInstance());
            if (at < 0) {
                continue;
            }
            hint = at + 1;
            Vgpu v = active[at];
            if (v.arrived == null || s.timestampUs() > v.arrived.timestampUs()) {
                v.arrived = s;
            }
        }
        for (Vgpu v : active) {
            VgpuUtilizationSample s = v.arrived;
            if (s == null) {
                continue;
            }
            v.arrived = null;
            if (v.sample != null && (rewind ? s.timestampUs() == v.sample.timestampUs()
                    : s.timestampUs() <= v.sample.timestampUs())) {
                continue; // not new: after a rewind the same newest sample comes again while no newer one came
            }
            v.samplePoll = calls.poll();
            vgpus.lastArrivalPoll = calls.poll();
            // checked once, when read: an impossible value is not available, not 4.29e9 percent
            v.sample = new VgpuUtilizationSample(v.id, s.timestampUs(), calls.percent(f, s.sm()),
                    calls.percent(f, s.mem()), calls.percent(f, s.enc()), calls.percent(f, s.dec()),
                    calls.percent(f, s.jpg()), calls.percent(f, s.ofa()));
        }
    }

    /** Where the vGPU {@code id} is in {@code active} (this poll's enumeration), or -1. */
    private static int indexOf(Vgpu[] active, long id) {
        for (int i = 0; i < active.length; i++) {
            if (active[i].id == id) {
                return i;
            }
        }
        return -1;
    }

    private void readProcessUtilization(GpuState g, Vgpus vgpus) {
        List<VgpuProcessUtilizationSample> samples = calls.get(g.target, nvmlDeviceGetVgpuProcessUtilization,
                Nvml::deviceVgpuProcessUtilization, g.handle, vgpus.lastProcessSampleUs, null);
        if (samples == null || samples.isEmpty()) {
            return;
        }
        Map<Vgpu, List<VgpuProcessUtilization>> fresh = new LinkedHashMap<>();
        NvmlFunction f = nvmlDeviceGetVgpuProcessUtilization;
        for (VgpuProcessUtilizationSample s : samples) {
            if (calls.future(f, s.timestampUs())) {
                continue;
            }
            vgpus.lastProcessSampleUs = Math.max(vgpus.lastProcessSampleUs, s.timestampUs());
            Vgpu v = vgpus.byId.get(s.vgpuInstance());
            if (v != null) {
                newest(fresh.computeIfAbsent(v, k -> new ArrayList<>()), new VgpuProcessUtilization(s.pid(),
                        s.processName(), percent(f, s.smUtil()), percent(f, s.memUtil()), percent(f, s.encUtil()),
                        percent(f, s.decUtil()), NvmlUnits.nanosFromMicros(s.timestampUs())));
            }
        }
        fresh.forEach((v, processes) -> v.processUtilization = List.copyOf(processes));
    }

    /** A whole-number percent of a sample; -1 (the port's "not available") is NaN without counting. */
    private double percent(NvmlFunction f, long value) {
        return value < 0 ? Double.NaN : calls.percent(f, value);
    }

    /** Adds {@code p} to {@code processes}, or puts it in place of an older sample of the same process. */
    private static void newest(List<VgpuProcessUtilization> processes, VgpuProcessUtilization p) {
        for (int i = 0; i < processes.size(); i++) {
            if (processes.get(i).pid() == p.pid()) {
                if (p.timestampNs() >= processes.get(i).timestampNs()) {
                    processes.set(i, p);
                }
                return;
            }
        }
        processes.add(p);
    }

    /** One vGPU, or null when it answered NOT_FOUND (destroyed since the enumeration). */
    private VgpuInstance read(GpuState g, Vgpu v) {
        CallTarget t = v.target;
        long id = v.id;
        if (v.uuid == null) {
            v.uuid = calls.get(t, nvmlVgpuInstanceGetUUID, Nvml::vgpuInstanceUuid, id, null);
        }
        if (v.typeId < 0) {
            v.typeId = calls.getLong(t, nvmlVgpuInstanceGetType, Nvml::vgpuInstanceType, id, -1);
        }
        if (v.vmId == null) {
            v.vmId = calls.get(t, nvmlVgpuInstanceGetVmID, Nvml::vgpuInstanceVmId, id, null);
        }
        boolean refresh = refreshDue(v);
        if (v.driver == null && refresh) {
            String driver = calls.get(t, nvmlVgpuInstanceGetVmDriverVersion, Nvml::vgpuInstanceVmDriverVersion, id, "");
            if (!driver.isEmpty() && !driver.equals(NOT_AVAILABLE_TEXT)) {
                v.driver = driver; // known once the guest loaded its driver; static from then on
            }
        }
        if (v.placement == null) {
            Long p = calls.get(t, nvmlVgpuInstanceGetPlacementId, Nvml::vgpuInstancePlacementId, id, null);
            v.placement = p == null && t.supports(nvmlVgpuInstanceGetPlacementId) ? null // failed: asked again
                    : p == null || p == Nvml.INVALID_PLACEMENT_ID ? -1L : p;
        }
        if (v.gpuInstance == null) {
            Long gi = calls.get(t, nvmlVgpuInstanceGetGpuInstanceId, Nvml::vgpuInstanceGpuInstanceId, id, null);
            v.gpuInstance = gi == null ? null : gi < 0 || gi == 0xFFFF_FFFFL ? -1 : gi;
        }
        if (v.ecc == null) {
            Boolean ecc = calls.get(t, nvmlVgpuInstanceGetEccMode, Nvml::vgpuInstanceEccMode, id, null);
            v.ecc = ecc == null ? null : Toggle.of(ecc);
        }
        if (v.frameRateLimit == null) {
            v.frameRateLimit = calls.get(t, nvmlVgpuInstanceGetFrameRateLimit, Nvml::vgpuInstanceFrameRateLimit, id,
                    null);
        }
        if (v.accountingMode == null) {
            Boolean mode = calls.get(t, nvmlVgpuInstanceGetAccountingMode, Nvml::vgpuInstanceAccountingMode, id, null);
            v.accountingMode = mode == null ? null : Toggle.of(mode);
        }
        long fbUsed = calls.getLong(t, nvmlVgpuInstanceGetFbUsage, Nvml::vgpuInstanceFbUsage, id, -1);
        if (v.type == null && v.typeId >= 0) {
            v.type = types.facts(g, v.typeId);
        }
        // a vGPU cannot use more framebuffer than its type has
        fbUsed = calls.used(nvmlVgpuInstanceGetFbUsage, fbUsed, v.type == null ? -1 : v.type.framebufferBytes());
        if (refresh) {
            v.license = license(t, id);
            v.encoderCapacity = calls.percent(nvmlVgpuInstanceGetEncoderCapacity,
                    calls.measured(t, nvmlVgpuInstanceGetEncoderCapacity, Nvml::vgpuInstanceEncoderCapacity, id));
            long[] pids = v.accountingMode != Toggle.ON ? null
                    : calls.get(t, nvmlVgpuInstanceGetAccountingPids, Nvml::vgpuInstanceAccountingPids, id, null);
            v.accounting = pids == null ? List.of() : accounting(v, pids);
            v.accountingPids = pids == null ? 0 : pids.length;
            // what a migration of the vGPU would carry besides its framebuffer: it follows the guest's load slowly
            v.runtimeStateBytes = calls.getLong(t, nvmlVgpuInstanceGetRuntimeStateSize,
                    Nvml::vgpuInstanceRuntimeStateSize, id, -1);
        }
        EncoderStats encoder = calls.get(t, nvmlVgpuInstanceGetEncoderStats, Nvml::vgpuInstanceEncoderStats, id, null);
        EncoderStats fbc = calls.get(t, nvmlVgpuInstanceGetFBCStats, Nvml::vgpuInstanceFbcStats, id, null);
        if (t.gone()) {
            return null;
        }
        return instance(g, v, fbUsed, v.license, v.encoderCapacity, encoder, fbc, v.accountingPids, v.accounting,
                v.runtimeStateBytes);
    }

    /** The licence, from {@code nvmlVgpuInstanceGetLicenseInfo_v2}, or the older status call where that is unsupported. */
    private LicenseState license(CallTarget t, long id) {
        LicenseInfo info = calls.get(t, nvmlVgpuInstanceGetLicenseInfo_v2, Nvml::vgpuInstanceLicenseInfo, id, null);
        if (info != null) {
            return info.state();
        }
        if (t.supports(nvmlVgpuInstanceGetLicenseInfo_v2)) {
            return LicenseState.UNKNOWN;
        }
        long status = calls.getLong(t, nvmlVgpuInstanceGetLicenseStatus, Nvml::vgpuInstanceLicenseStatus, id, -1);
        return status < 0 ? LicenseState.UNKNOWN : status == 1 ? LicenseState.LICENSED : LicenseState.UNLICENSED;
    }

    /**
     * Accounting stats of the first PIDs, up to the cap; a PID whose record is gone is left out. When every
     * record equals last poll's (the JNA port hands out the same object for an unchanged answer), the vGPU keeps
     * last poll's list.
     */
    private List<VgpuAccounting> accounting(Vgpu v, long[] pids) {
        List<VgpuAccounting> kept = v.accounting;
        VgpuAccounting[] accounting = null; // made at the first difference from the kept list
        int cap = Math.min(pids.length, accountingPidCap);
        int n = 0;
        for (int i = 0; i < cap; i++) {
            AccountingStats s = calls.get(v.processes, nvmlVgpuInstanceGetAccountingStats,
                    Nvml::vgpuInstanceAccountingStats, v.id, pids[i], null);
            if (s == null) {
                continue;
            }
            if (accounting == null && n < kept.size() && kept.get(n).pid() == pids[i] && s.equals(kept.get(n).stats())) {
                n++;
                continue;
            }
            if (accounting == null) {
                accounting = kept.subList(0, n).toArray(new VgpuAccounting[cap]);
            }
            accounting[n++] = new VgpuAccounting(pids[i], s);
        }
        if (accounting == null) {
            if (n == kept.size()) {
                return kept;
            }
            accounting = kept.subList(0, n).toArray(new VgpuAccounting[n]);
        }
        // an immutable list here is kept as is by the record, not copied again
        return n == accounting.length ? List.of(accounting) : List.of(Arrays.copyOf(accounting, n));
    }

    private VgpuInstance instance(GpuState g, Vgpu v, long fbUsed, LicenseState license, double encoderCapacity,
            EncoderStats encoder, EncoderStats fbc, int pidsTotal, List<VgpuAccounting> accounting,
            long runtimeStateBytes) {
        VgpuTypeReader.Facts type = v.type;
        // a sample no newer one followed for a while is not this poll's utilization: an idle VM's last busy value
        VgpuUtilizationSample s = v.sample == null || calls.poll() - v.samplePoll >= VgpuInstance.STALE_AFTER_POLLS
                ? null : v.sample;
        VgpuInstance last = v.last;
        int known = v.known();
        if (last != null && known == v.lastKnown && v.sample == v.lastSample && s == v.lastShown
                && fbUsed == last.fbUsedBytes() && license == last.licenseState()
                && Double.compare(encoderCapacity, last.encoderCapacityPercent()) == 0
                && Objects.equals(encoder, v.lastEncoder) && Objects.equals(fbc, v.lastFbc)
                && pidsTotal == last.accountingPidsTotal() && accounting == last.accounting()
                && v.processUtilization == last.processUtilization()
                && runtimeStateBytes == last.runtimeStateBytes()) {
            return last; // nothing in it changed: the same record, so consumers that compare identity skip it
        }
        VgpuInstance made = new VgpuInstance(v.id, DeviceReader.orEmpty(v.uuid), v.typeId,
                type == null ? "" : type.name(),
                type == null ? "" : type.typeClass(), v.vmId == null ? "" : v.vmId.id(),
                v.vmId == null ? VmIdType.UNKNOWN : v.vmId.type(), DeviceReader.orEmpty(v.driver), fbUsed,
                type == null ? -1 : type.framebufferBytes(),
                s == null ? Double.NaN : s.sm(), s == null ? Double.NaN : s.mem(), s == null ? Double.NaN : s.enc(),
                s == null ? Double.NaN : s.dec(), s == null ? Double.NaN : s.jpg(), s == null ? Double.NaN : s.ofa(),
                v.sample == null ? -1 : NvmlUnits.nanosFromMicros(v.sample.timestampUs()), license,
                v.frameRateLimit == null ? Double.NaN : NvmlUnits.measured(v.frameRateLimit),
                v.ecc == null ? Toggle.UNKNOWN : v.ecc, encoderCapacity,
                encoder == null ? -1 : encoder.sessionCount(),
                encoder == null ? Double.NaN : NvmlUnits.measured(encoder.averageFps()),
                encoder == null ? Double.NaN : NvmlUnits.secondsFromMicros(encoder.averageLatencyUs()),
                fbc == null ? -1 : fbc.sessionCount(), fbc == null ? Double.NaN : NvmlUnits.measured(fbc.averageFps()),
                fbc == null ? Double.NaN : NvmlUnits.secondsFromMicros(fbc.averageLatencyUs()),
                v.gpuInstance == null ? -1 : v.gpuInstance, v.placement == null ? -1 : v.placement,
                v.accountingMode == null ? Toggle.UNKNOWN : v.accountingMode, pidsTotal, accounting,
                v.processUtilization, v.sample == null ? -1 : v.samplePoll, runtimeStateBytes);
        v.last = made;
        v.lastKnown = known;
        v.lastEncoder = encoder;
        v.lastFbc = fbc;
        v.lastSample = v.sample;
        v.lastShown = s;
        return made;
    }
}
