package io.smi4j.collect;

import io.smi4j.model.GpuHealth;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import io.smi4j.model.VgpuDriverCapabilities;
import io.smi4j.nvml.Nvml;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@link GpuReader} over the {@link Nvml} port. Each poll opens NVML when it is due
 * ({@link RetryingSession}), reads the host's facts ({@link SystemReader}), then every GPU
 * ({@link DeviceReader}, which asks the MIG and vGPU readers for the sections a GPU's mode calls for),
 * every call going through the {@link CallPolicy}: a failure costs only its value and is listed in the
 * snapshot and makes its GPU's health DEGRADED. A GPU that cannot be opened (UNAVAILABLE) or falls off the bus
 * (LOST) makes the host {@link HostStatus#DEGRADED} while the others are read as usual, their cached facts kept;
 * when no GPU can be read the poll is an {@link HostStatus#ERROR}, and a broken driver or every GPU lost makes
 * NVML be initialised again.
 *
 * <p>Polls run under the session's lock, which scheduler control shares through {@link #session()}.
 */
public final class NvmlGpuReader implements GpuReader {

    private final RetryingSession session;
    private final CallPolicy calls = new CallPolicy();
    private final SystemReader system = new SystemReader(calls);
    private final VgpuTypeReader types = new VgpuTypeReader(calls);
    private final DeviceReader devices;
    private String hostName;
    private long sequence;
    /** The GPUs of this session, by index. */
    private GpuState[] gpus = new GpuState[0];
    // per poll
    private String countFailure;

    /**
     * @param opener            loads the library (throwing {@link io.smi4j.nvml.NvmlException} LIBRARY_NOT_FOUND
     *                          when there is none); called on the first {@link #read()}, on the reading thread
     * @param accountingPidCap  at most this many PIDs per vGPU get accounting stats each refresh
     * @param refreshPolls      a vGPU's rarely changing values (licence, encoder capacity, runtime state size,
     *                          accounting, the guest driver while none is loaded) are read every this many polls,
     *                          each vGPU at its own poll of the cycle ({@link CollectorOptions#refreshPolls()});
     *                          1: every poll
     */
    public NvmlGpuReader(Supplier<? extends Nvml> opener, int accountingPidCap, int refreshPolls) {
        if (accountingPidCap < 0) {
            throw new IllegalArgumentException("accounting PID cap must be >= 0, was " + accountingPidCap);
        }
        this.session = new RetryingSession(opener);
        VgpuInstanceReader instances = new VgpuInstanceReader(calls, types, accountingPidCap, refreshPolls);
        this.devices = new DeviceReader(calls, new MigReader(calls), new VgpuGuestReader(calls),
                new VgpuHostReader(calls, types, instances));
    }

    /** A reader that reads every value every poll. */
    public NvmlGpuReader(Supplier<? extends Nvml> opener, int accountingPidCap) {
        this(opener, accountingPidCap, 1);
    }

    /** A reader over an already loaded {@code nvml}, initialised on the first read, reading every value every poll. */
    public NvmlGpuReader(Nvml nvml, int accountingPidCap) {
        this(() -> nvml, accountingPidCap, 1);
    }

    @Override
    public Optional<NvmlSession> session() {
        return Optional.of(session);
    }

    @Override
    public HostSnapshot read() {
        session.lock();
        try {
            long poll = ++sequence;
            Instant time = Instant.now();
            long start = System.nanoTime();
            if (hostName == null) {
                hostName = localHostName();
            }
            try {
                if (session.openIfDue(poll)) {
                    newSession();
                }
                calls.newPoll(session.nvml(), poll);
                if (!session.initialized()) {
                    return snapshot(poll, time, start, session.downStatus(), session.downDetail(), List.of());
                }
                List<GpuInfo> read = readGpus();
                if (calls.broken()) {
                    session.broken(poll, calls.brokenDetail());
                    return snapshot(poll, time, start, HostStatus.ERROR, session.downDetail(), read);
                }
                if (countFailure != null) {
                    return snapshot(poll, time, start, HostStatus.ERROR, countFailure, read);
                }
                String unhealthy = unhealthy(read);
                // loops, not streams, on the poll's path: this runs once a poll, interpreted, where a stream costs
                // far more than its loop (bench/README.md, the agent)
                int lost = 0;
                int working = 0;
                for (GpuInfo g : read) {
                    lost += g.health().state() == GpuHealth.State.LOST ? 1 : 0;
                    working += g.health().working() ? 1 : 0;
                }
                if (!read.isEmpty() && lost == read.size()) {
                    // every GPU fell off the bus: the driver itself is in trouble, so NVML is initialised again
                    session.broken(poll, unhealthy);
                    return snapshot(poll, time, start, HostStatus.ERROR, session.downDetail(), read);
                }
                if (working == 0) {
                    return snapshot(poll, time, start, HostStatus.ERROR, unhealthy, read);
                }
                session.succeeded();
                return snapshot(poll, time, start, unhealthy.isEmpty() ? HostStatus.OK : HostStatus.DEGRADED,
                        unhealthy, read);
            } catch (RuntimeException e) {
                // the port promises NvmlException only; anything else must still not escape into the poller
                session.failedUnexpectedly(poll);
                return snapshot(poll, time, start, HostStatus.ERROR, String.valueOf(e), List.of());
            }
        } finally {
            session.unlock();
        }
    }

    /** How long {@link #close()} waits for a poll in progress: a hung call must not hang the host's shutdown. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    /**
     * Shuts NVML down, unless a poll still holds it after {@link #CLOSE_WAIT}: then that call never returned, and
     * NVML is left to the parked thread (a daemon) rather than block the caller.
     */
    @Override
    public void close() {
        if (session.tryLock(CLOSE_WAIT)) {
            try {
                session.close();
            } finally {
                session.unlock();
            }
        }
    }

    /** What the last session read is read again. */
    private void newSession() {
        gpus = new GpuState[0];
        calls.newSession();
        system.newSession();
        types.newSession();
    }

    private List<GpuInfo> readGpus() {
        countFailure = null;
        if (calls.reprobeDue()) {
            calls.system().reprobe();
        }
        system.readVersions();
        int count = system.gpuCount();
        if (count < 0) {
            if (calls.broken() || gpus.length == 0) {
                countFailure = calls.lastFailure();
                return List.of();
            }
            count = gpus.length; // a transient failure: the GPUs known this session are still there
        }
        if (gpus.length != count) {
            gpus = Arrays.copyOf(gpus, count);
        }
        List<GpuInfo> read = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (gpus[i] == null) {
                gpus[i] = new GpuState(i);
            }
            gpus[i].target.newPoll();
            if (calls.reprobeDue()) {
                gpus[i].reprobe();
            }
            read.add(devices.read(gpus[i]));
            if (calls.broken()) {
                break; // the session itself is broken: the rest would only fail the same way
            }
        }
        return read;
    }

    /** The GPUs not OK, each with its state and reason; {@code ""} when every GPU is OK. */
    private static String unhealthy(List<GpuInfo> read) {
        StringBuilder b = new StringBuilder();
        for (GpuInfo g : read) {
            if (g.health().state() != GpuHealth.State.OK) {
                b.append(b.isEmpty() ? "" : "; ").append("GPU ").append(g.index()).append(' ')
                        .append(g.health().state().name().toLowerCase(Locale.ROOT)).append(": ")
                        .append(g.health().reason());
            }
        }
        return b.toString();
    }

    private HostSnapshot snapshot(long poll, Instant time, long start, HostStatus status, String detail,
            List<GpuInfo> read) {
        // first, so that its failure is among this poll's errors
        boolean vgpuHost = false;
        for (GpuInfo g : read) {
            vgpuHost |= g.vgpuHost().isPresent();
        }
        Optional<VgpuDriverCapabilities> vgpuDriver = vgpuHost ? system.vgpuDriverCapabilities() : Optional.empty();
        return new HostSnapshot(hostName, poll, time, Duration.ofNanos(System.nanoTime() - start), status, detail,
                system.driverVersion(), DeviceReader.orEmpty(session.nvmlVersion()), system.cudaVersion(), read,
                calls.errors(), calls.totals(), calls.anomalyTotals(), 0, vgpuDriver);
    }

    private static String localHostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | SecurityException e) {
            return "localhost";
        }
    }
}
