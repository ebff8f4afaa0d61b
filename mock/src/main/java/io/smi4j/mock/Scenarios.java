package io.smi4j.mock;

import io.smi4j.mock.scenario.Scenario;
import io.smi4j.mock.scenario.SimVgpu;
import io.smi4j.mock.scenario.SimVgpuType;
import io.smi4j.model.AccountingStats;
import io.smi4j.model.LicenseState;
import io.smi4j.model.VmIdType;
import io.smi4j.nvml.EncoderStats;
import io.smi4j.nvml.LicenseExpiry;
import io.smi4j.nvml.LicenseInfo;
import io.smi4j.nvml.MemoryInfo;
import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlUnits;
import io.smi4j.nvml.VmId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The preset simulated hosts, by name: scenario files shipped as resources ({@code presets/NAME.json} beside this
 * class, listed in {@code presets/presets.txt}), read as any scenario file is ({@link ScenarioFiles}). Each is
 * deterministic for its seed and start time: the same name, seed and start give an equal {@link Scenario}, and an
 * equal evolution under {@link MockNvml#advance()} (see {@link SimClock} for the times). The default seed
 * ({@value #DEFAULT_SEED}) gives the file as written; another seed is a {@linkplain SeedVariation variation} of it
 * (other UUIDs, VM ids, loads and lapsed licences), the same variation {@code --seed} applies to any scenario file.
 * {@link PresetWriter} writes a preset built in Java as such a file.
 *
 * <p>Every preset adds up: a GPU's used, free and reserved memory make its total; a vGPU-host GPU's
 * memory is its placement slots (one GiB each, see {@link SimVgpuType}) plus the driver's reservation,
 * and each vGPU holds its own slots; an accounted process has run no longer than it exists; every
 * timestamp lies at or before the start.
 *
 * <ul>
 *   <li>{@code bare-metal}: 8 H100 GPUs, no virtualization, compute processes, passive cooling (no fan).</li>
 *   <li>{@code vgpu-host}: an SR-IOV hypervisor on R550 with two A100 (Compute vGPUs) and two L40S
 *       (Quadro vGPUs, one in heterogeneous mode), 4 to 16 vGPUs per GPU, ARR on, accounting on.</li>
 *   <li>{@code vgpu-host-large}: 8 L40S with 32 vGPUs each, on R535 (no R550-only calls).</li>
 *   <li>{@code vgpu-host-r580}: two RTX PRO 6000 Blackwell on R580 with the v2 scheduler calls (fixed share with
 *       runlist weights on GPU 0, heterogeneous; GPU 1 without VMs, best effort).</li>
 *   <li>{@code mig-host}: on R580, two A100-SXM4-40GB with MIG on, one split 3+2+2, one into seven 1g.5gb, and an
 *       RTX PRO 6000 Blackwell in four 1g.24gb+gfx instances (GPU instance profile index 10).</li>
 *   <li>{@code vgpu-guest}: a VM with one licensed A100-4C vGPU.</li>
 *   <li>{@code no-driver}: the library loads but the kernel driver is not running.</li>
 *   <li>{@code faulty-host}: {@code vgpu-host}'s data with a fault of each kind a monitor must tell apart from
 *       health, in its file's {@code faults}: GPU 0's first vGPU answers an all-ones utilization sample and its
 *       second more framebuffer than its type, GPU 1 cannot be opened, GPU 2's vGPU list times out every third poll,
 *       GPU 3 is lost from poll 2 for good (also after a new {@code nvmlInit_v2}).</li>
 * </ul>
 */
public final class Scenarios {

    /** Step 0 of {@link #create(String, long)}, and the {@code start} of every preset file: 2025-11-13T00:00:00Z. */
    static final long DEFAULT_START_US = 1_762_992_000_000_000L;

    /** The seed that gives each preset (and any file) exactly as written ({@code --seed} defaults to it). */
    public static final long DEFAULT_SEED = 1;

    /** The list of preset names, beside the preset files. */
    static final String INDEX = "presets.txt";

    /** One simulation step is one default poll interval. */
    static final long STEP_US = 2_000_000L;

    private static final long MIB = 1L << 20;

    private static final List<String> NAMES = readNames();

    private Scenarios() {
    }

    /** The preset names, in the order tools list them. */
    public static List<String> names() {
        return NAMES;
    }

    private static List<String> readNames() {
        try (InputStream in = Scenarios.class.getResourceAsStream("presets/" + INDEX)) {
            if (in == null) {
                throw new IllegalStateException("smi4j-mock is missing its presets/" + INDEX);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The preset {@code name} at step 0, deterministic for {@code seed}, starting at a fixed time
     * (2025-11-13T00:00:00Z).
     *
     * @throws IllegalArgumentException naming the known presets when {@code name} is not one
     */
    public static Scenario create(String name, long seed) {
        return create(name, seed, DEFAULT_START_US);
    }

    /**
     * The preset {@code name} at step 0, deterministic for {@code seed}, at {@code startUs}
     * (microseconds since the epoch).
     *
     * @throws IllegalArgumentException naming the known presets when {@code name} is not one
     */
    public static Scenario create(String name, long seed, long startUs) {
        return load(name, seed, startUs).scenario();
    }

    /**
     * The whole preset file {@code name} (host, faults, timeline), its times moved to {@code startUs}, the host
     * varied for {@code seed}.
     *
     * @throws IllegalArgumentException naming the known presets when {@code name} is not one
     */
    public static ScenarioFile load(String name, long seed, long startUs) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException(
                    "unknown mock scenario '" + name + "'; known: " + String.join(", ", NAMES));
        }
        ScenarioFile f = ScenarioFiles.readResourceFile("presets/" + name + ".json", startUs);
        return new ScenarioFile(SeedVariation.apply(f.scenario(), seed), f.faults(), f.timeline());
    }

    /**
     * A vGPU of a VM that starts at {@code nowUs} ({@code fresh}: its processes start then too), or of a VM that has
     * run for a while (its processes started up to an hour before and have run part of that time).
     */
    static SimVgpu newVgpu(Random rnd, long id, SimVgpuType type, boolean accounting, long nowUs, boolean fresh) {
        boolean licensed = rnd.nextInt(12) != 0;
        LicenseInfo license = licensed
                ? new LicenseInfo(true, expiry(nowUs, 365), LicenseState.LICENSED)
                : new LicenseInfo(false, new LicenseExpiry(0, 0, 0, 0, 0, 0, 0), LicenseState.UNLICENSED_UNRESTRICTED);
        boolean compute = type.typeClass().equals("Compute");
        boolean byUuid = rnd.nextInt(4) != 0;
        VmId vm = byUuid ? new VmId(uuid("", rnd), VmIdType.UUID) : new VmId(Integer.toString(1 + rnd.nextInt(900)),
                VmIdType.DOMAIN_ID);
        List<SimVgpu.Accounting> acct = new ArrayList<>();
        if (accounting) {
            int n = 1 + rnd.nextInt(3);
            for (int p = 0; p < n; p++) {
                long pid = 1000 + rnd.nextInt(60_000);
                int gpuUtil = rnd.nextInt(100);
                int memUtil = rnd.nextInt(60);
                long maxMemory = (long) (type.framebufferBytes() * (0.1 + rnd.nextDouble() * 0.5));
                long runMs = rnd.nextInt(3_600_000);
                long idleUs = rnd.nextInt(1_000_000_000); // it started this much before its run time
                long sinceUs = fresh ? 0 : runMs * 1000 + idleUs;
                acct.add(new SimVgpu.Accounting(pid, new AccountingStats(gpuUtil, memUtil, maxMemory,
                        NvmlUnits.secondsFromMillis(fresh ? 0 : runMs), NvmlUnits.nanosFromMicros(nowUs - sinceUs),
                        true)));
            }
        }
        long fbUsed = (long) (type.framebufferBytes() * (0.1 + rnd.nextDouble() * 0.6));
        EncoderStats enc = compute || rnd.nextBoolean() ? new EncoderStats(0, 0, 0)
                : new EncoderStats(1 + rnd.nextInt(2), 30 + rnd.nextInt(31), 800 + rnd.nextInt(2000));
        return new SimVgpu(id, uuid("", rnd), type.id(), vm, rnd.nextInt(5) == 0 ? "Not Available" : "550.127.05",
                fbUsed, license, compute ? 0 : 60, false, 100, enc, Nvml.NOT_AVAILABLE, accounting, acct, 0, fbc(id, compute),
                java.util.Optional.of(runtimeState(id, type)));
    }

    /**
     * The runtime state a vGPU uses besides its framebuffer (what a migration moves besides it): 32 MiB plus 1/256 of
     * its type's framebuffer plus up to 15 MiB drawn from the id, so the preset's other values stay as they were.
     */
    static long runtimeState(long id, SimVgpuType type) {
        return (32L << 20) + type.framebufferBytes() / 256 + (id % 16) * MIB;
    }

    /**
     * Frame buffer capture of vGPU {@code id}: a graphics vGPU serves a remote desktop half the time (one or two
     * capture sessions), a compute one none. Drawn from the id, so the preset's other values stay as they were.
     */
    static EncoderStats fbc(long id, boolean compute) {
        Random r = new Random(id);
        return compute || r.nextBoolean() ? new EncoderStats(0, 0, 0)
                : new EncoderStats(1 + r.nextInt(2), 24 + r.nextInt(37), 1_000 + r.nextInt(9_000));
    }

    /** A licence expiry {@code days} after {@code nowUs}, as NVML reports it (UTC). */
    static LicenseExpiry expiry(long nowUs, int days) {
        java.time.ZonedDateTime t = java.time.Instant.EPOCH.plus(nowUs, java.time.temporal.ChronoUnit.MICROS)
                .plus(days, java.time.temporal.ChronoUnit.DAYS).atZone(java.time.ZoneOffset.UTC);
        return new LicenseExpiry(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(),
                t.getSecond(), 1);
    }

    static SimVgpuType typeOf(List<SimVgpuType> types, long id) {
        for (SimVgpuType t : types) {
            if (t.id() == id) {
                return t;
            }
        }
        throw new IllegalStateException("no vGPU type " + id);
    }

    // ---- small helpers ----

    static String uuid(String prefix, Random rnd) {
        return prefix + String.format(Locale.ROOT, "%08x-%04x-%04x-%04x-%012x", rnd.nextInt(),
                rnd.nextInt(0x10000), 0x4000 | rnd.nextInt(0x1000), 0x8000 | rnd.nextInt(0x4000),
                rnd.nextLong() & 0xFFFF_FFFF_FFFFL);
    }

    static MemoryInfo memory(long total, long reserved, long used) {
        return new MemoryInfo(total, reserved, Math.max(0, total - reserved - used), used);
    }

    /** Hands out vGPU instance ids; ids of a preset start high so unsigned handling is exercised. */
    static final class IdSource {
        private long next;

        IdSource(long first) {
            next = first;
        }

        long next() {
            long id = next;
            next = (next + 1) & 0xFFFF_FFFFL;
            return id;
        }
    }
}
