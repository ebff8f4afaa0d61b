package io.smi4j.mock;

import io.smi4j.mock.scenario.Scenario;
import io.smi4j.mock.scenario.SimGpu;
import io.smi4j.mock.scenario.SimMigDevice;
import io.smi4j.mock.scenario.SimProcess;
import io.smi4j.mock.scenario.SimVgpu;
import io.smi4j.mock.scenario.SimVgpuHost;
import io.smi4j.mock.scenario.SimVgpuType;
import io.smi4j.model.AccountingStats;
import io.smi4j.model.SchedulerLogEntry;
import io.smi4j.model.SchedulerState;
import io.smi4j.nvml.MemoryInfo;
import io.smi4j.nvml.NvmlUnits;
import io.smi4j.nvml.ProcessUtilizationSample;
import io.smi4j.nvml.SchedulerLog;
import io.smi4j.nvml.UtilizationRates;
import io.smi4j.nvml.VgpuUtilizationSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Moves a {@link Scenario} forward in time, one step per call, deterministically for a seed:
 * utilization and memory walk at random within plausible bounds, each vGPU gets a new
 * utilization sample per step, scheduler log entries are appended with growing timestamps
 * (NVML keeps the newest 200), and now and then a VM stops or starts.
 *
 * <p>Time is the {@link SimClock}'s: a step lasts from the previous step's time to this one's,
 * and what happens in it fits in it (log entries, samples, accounting run time). Physical sense
 * is kept: memory adds up, vGPUs start only at a placement whose slots are free (and, outside
 * heterogeneous mode, only beside vGPUs of their own type), a GPU without vGPUs is idle and
 * schedules nothing, and a GPU its preset leaves without vGPUs stays so. On a time-sliced GPU a vGPU's SM and
 * memory utilization is its share of the GPU's busy time: per step the vGPUs' samples add up to at most 100, and the
 * GPU's utilization is their sum plus the host's own 0 to 3 % (memory 0 to 2 %), at most 100 ({@link #fromVgpus}).
 */
final class Simulation {

    /** Chance per GPU and step that a VM stops, and that one starts (more often below the preset's count). */
    private static final double STOP_CHANCE = 0.03;
    private static final double START_CHANCE = 0.03;
    private static final double REFILL_CHANCE = 0.15;

    /** What a GPU without work reports: no utilization, and the board's idle power. */
    static final UtilizationRates IDLE = new UtilizationRates(0, 0);
    static final long IDLE_POWER_MW = 60_000;

    private final Random rnd;
    private final SimClock clock;
    private final Scenarios.IdSource ids;
    /** vGPUs per GPU UUID at the start: hosts hover around their preset's load. */
    private final Map<String, Integer> targets = new HashMap<>();
    private long step;
    /** The time of the current step, and of the one before (microseconds since the epoch). */
    private long nowUs;
    private long previousUs;

    /** @param initial the scenario at {@code clock}'s start */
    Simulation(Scenario initial, long seed, SimClock clock) {
        this.rnd = new Random(seed * 31 + 7);
        this.clock = clock;
        this.nowUs = clock.startUs();
        this.previousUs = nowUs;
        long maxId = 0;
        for (SimGpu g : initial.gpus()) {
            if (g.vgpuHost().isPresent()) {
                targets.put(g.uuid(), g.vgpuHost().get().vgpus().size());
                for (SimVgpu v : g.vgpuHost().get().vgpus()) {
                    maxId = Math.max(maxId, v.id());
                }
            }
        }
        this.ids = new Scenarios.IdSource(maxId == 0 ? 0xC000_1000L : maxId + 1);
    }

    /** Steps taken so far. */
    long step() {
        return step;
    }

    /** The simulated time now, microseconds since the epoch. */
    long nowUs() {
        return nowUs;
    }

    /** One step of the clock, the host left as it is (a timeline moves it instead). */
    void tick() {
        step++;
        previousUs = nowUs;
        nowUs = clock.stepUs(step, previousUs);
    }

    /** The scenario one step later. */
    Scenario advance(Scenario s) {
        tick();
        List<SimGpu> gpus = new ArrayList<>(s.gpus().size());
        for (SimGpu g : s.gpus()) {
            gpus.add(advance(g));
        }
        return with(s, gpus);
    }

    private SimGpu advance(SimGpu g) {
        UtilizationRates util = g.utilization().gpuPercent() < 0 ? g.utilization()
                : new UtilizationRates(walk(g.utilization().gpuPercent(), 0, 100, 8),
                        walk(g.utilization().memoryPercent(), 0, 100, 6));
        int temp = g.temperatureC() < 0 ? g.temperatureC() : walk(g.temperatureC(), 30, 85, 2);
        long power = g.powerUsageMw() < 0 ? g.powerUsageMw()
                : Math.min(g.powerLimitMw(), Math.max(60_000, g.powerUsageMw() + rnd.nextInt(20_001) - 10_000));
        List<SimMigDevice> mig = g.migDevices();
        if (!mig.isEmpty()) {
            List<SimMigDevice> moved = new ArrayList<>(mig.size());
            for (SimMigDevice d : mig) {
                MemoryInfo m = d.memory();
                moved.add(new SimMigDevice(d.name(), d.uuid(), d.gpuInstanceId(), d.computeInstanceId(),
                        Scenarios.memory(m.totalBytes(), m.reservedBytes(), walkBytes(m.usedBytes(), m.totalBytes()))));
            }
            mig = moved;
        }
        MemoryInfo memory = g.memory();
        List<SimProcess> processes = g.processes();
        if (!processes.isEmpty() && !g.mig().current()) {
            // compute processes grow and shrink their allocations; the GPU's used memory follows
            List<SimProcess> moved = new ArrayList<>(processes.size());
            long delta = 0;
            for (SimProcess p : processes) {
                long room = p.usedGpuMemoryBytes() + memory.freeBytes() - delta;
                long used = walkBytes(p.usedGpuMemoryBytes(), room);
                delta += used - p.usedGpuMemoryBytes();
                moved.add(p.with(used, p.utilization()));
            }
            processes = moved;
            memory = Scenarios.memory(memory.totalBytes(), memory.reservedBytes(), memory.usedBytes() + delta);
        }
        Optional<SimVgpuHost> host = g.vgpuHost();
        if (host.isPresent()) {
            SimVgpuHost h = advance(host.get(), g.mig().current() ? 0 : targets.getOrDefault(g.uuid(), 0),
                    g.mig().current());
            host = Optional.of(h);
            memory = hostMemory(g.memory(), h);
            if (h.vgpus().isEmpty()) {
                util = IDLE;
                power = Math.min(power, IDLE_POWER_MW);
            } else if (util.gpuPercent() >= 0 && !g.mig().current()) {
                util = fromVgpus(h, util);
            }
        }
        if (!g.mig().current()) {
            processes = sampled(processes, util);
        }
        return new SimGpu(g.name(), g.uuid(), g.pci(), g.virtualizationMode(), memory, util, temp, power,
                g.powerLimitMw(), g.clocksMhz(), g.maxClocksMhz(), g.fanSpeedPercent(), g.performanceState(),
                g.ecc(), g.mig(), processes, g.gpuInstances(), mig, host, g.guestLicense());
    }

    /**
     * Each process's utilization sample of this step: the GPU's SM and memory utilization shared among its
     * processes by weights that change per step (from the PID and the step, not the seed's stream, so the
     * rest of the simulation stays as it was), rounded down: the processes together never use more than the GPU.
     * Every process gets a sample every step, idle ones zeros (NVML sends none for them), so the samples a poll
     * shows are all of the step the GPU's utilization is of.
     */
    private List<SimProcess> sampled(List<SimProcess> processes, UtilizationRates util) {
        if (processes.isEmpty() || util.gpuPercent() < 0) {
            return processes;
        }
        long[] weights = new long[processes.size()];
        long sum = 1; // a share no listed process has: the driver's own work
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (processes.get(i).pid() * 7 + step) % 5;
            sum += weights[i];
        }
        List<SimProcess> out = new ArrayList<>(processes.size());
        for (int i = 0; i < weights.length; i++) {
            SimProcess p = processes.get(i);
            long sm = util.gpuPercent() * weights[i] / sum;
            long mem = util.memoryPercent() * weights[i] / sum;
            long dec = p.graphics() ? sm / 4 : 0; // a graphics process decodes some video
            out.add(p.with(p.usedGpuMemoryBytes(),
                    Optional.of(new ProcessUtilizationSample(p.pid(), nowUs, sm, mem, 0, dec, 0, 0))));
        }
        return out;
    }

    /**
     * A vGPU host one step on. On a GPU in MIG mode its vGPUs are MIG-backed: they live on the GPU instances, whose
     * types, placements and schedulers the scenario fixes, so no VM starts or stops there, the device-level types
     * stay as they are and the device-level scheduler log (NOT_SUPPORTED in MIG mode) is not appended to.
     */
    private SimVgpuHost advance(SimVgpuHost h, int target, boolean migBacked) {
        long now = nowUs();
        List<SimVgpu> vgpus = new ArrayList<>(h.vgpus().size() + 1);
        for (SimVgpu v : h.vgpus()) {
            vgpus.add(advance(v, Scenarios.typeOf(h.types(), v.typeId())));
        }
        if (!migBacked && !vgpus.isEmpty() && rnd.nextDouble() < STOP_CHANCE) {
            vgpus.remove(rnd.nextInt(vgpus.size()));
        }
        // a GPU its preset leaves without VMs stays without: the one whose scheduler can change
        if (target > 0 && rnd.nextDouble() < (vgpus.size() < target ? REFILL_CHANCE : START_CHANCE)) {
            Optional<SimVgpu> started = startable(h.types(), vgpus, h.heterogeneousMode() == 1, now);
            started.ifPresent(vgpus::add);
        }
        Set<Long> active = new HashSet<>(vgpus.size() * 2);
        for (SimVgpu v : vgpus) {
            active.add(v.id());
        }
        Map<Long, VgpuUtilizationSample> previous = new HashMap<>(h.utilizationSamples().size() * 2);
        List<VgpuUtilizationSample> samples = new ArrayList<>(vgpus.size() * 2);
        for (VgpuUtilizationSample s : h.utilizationSamples()) {
            previous.put(s.vgpuInstance(), s);
            if (s.timestampUs() >= previousUs && active.contains(s.vgpuInstance())) {
                samples.add(s); // NVML buffers recent samples: keep the previous step's too
            }
        }
        Map<Long, Integer> sharing = new HashMap<>();
        for (SimVgpu v : vgpus) {
            sharing.merge(v.gpuInstanceId(), 1, Integer::sum);
        }
        List<VgpuUtilizationSample> fresh = new ArrayList<>(vgpus.size());
        for (SimVgpu v : vgpus) {
            VgpuUtilizationSample p = previous.get(v.id());
            fresh.add(sample(rnd, v.id(), now, p, sharing.get(v.gpuInstanceId())));
        }
        samples.addAll(timeSliced(fresh, vgpus));
        SchedulerLog log = migBacked ? h.schedulerLog()
                : appendLog(h.schedulerLog(), h.state(), runlistWeights(h.state(), h.types(), vgpus), now);
        return new SimVgpuHost(h.hostMode(), h.capabilities(), h.state(), log, h.heterogeneousMode(),
                migBacked ? h.types() : creatable(h.types(), vgpus, h.heterogeneousMode() == 1), vgpus, samples,
                h.processSamples(),
                h.vgpuCapabilities());
    }

    private SimVgpu advance(SimVgpu v, SimVgpuType type) {
        List<SimVgpu.Accounting> acct = v.accounting();
        if (!acct.isEmpty()) {
            List<SimVgpu.Accounting> moved = new ArrayList<>(acct.size());
            for (SimVgpu.Accounting a : acct) {
                AccountingStats s = a.stats();
                // a running process runs through the step (at most: never longer than it exists)
                long runMs = NvmlUnits.millisFromSeconds(s.runSeconds())
                        + (s.running() ? (nowUs - previousUs) / 1000 : 0);
                moved.add(new SimVgpu.Accounting(a.pid(), new AccountingStats(
                        walk((int) s.gpuUtilizationPercent(), 0, 100, 10), walk((int) s.memoryUtilizationPercent(),
                        0, 100, 5), s.maxMemoryUsageBytes(), NvmlUnits.secondsFromMillis(runMs), s.startTimeNs(),
                        s.running())));
            }
            acct = moved;
        }
        return new SimVgpu(v.id(), v.uuid(), v.typeId(), v.vmId(), v.vmDriverVersion(),
                walkBytes(v.fbUsageBytes(), type.framebufferBytes()), v.license(), v.frameRateLimit(),
                v.eccEnabled(), v.encoderCapacity(), v.encoderStats(), v.gpuInstanceId(), v.accountingMode(), acct,
                v.placementId(), v.fbcStats(), v.runtimeStateBytes());
    }

    /**
     * The log after this step: 2 to 6 entries within it (fewer when the step is too short for them), none on
     * a GPU without vGPUs; an entry comes no sooner than the one before it finished running.
     */
    private SchedulerLog appendLog(SchedulerLog log, SchedulerState state, long[] weights, long nowUs) {
        int runlists = weights.length;
        List<SchedulerLogEntry> old = log.entries();
        long stepNs = (nowUs - previousUs) * 1000;
        int add = 2 + rnd.nextInt(5);
        if (runlists == 0 || stepNs < 2L * (add + 1)) {
            add = 0;
        }
        int keep = Math.min(old.size(), io.smi4j.nvml.Nvml.SCHEDULER_MAX_LOG_ENTRIES - add);
        List<SchedulerLogEntry> entries = new ArrayList<>(keep + add);
        entries.addAll(old.subList(old.size() - keep, old.size()));
        SchedulerLogEntry last = old.isEmpty() ? null : old.get(old.size() - 1);
        long ts = last == null ? previousUs * 1000 : Math.max(last.timestampNs(), previousUs * 1000);
        long total = last == null ? 0 : NvmlUnits.nanosFromSeconds(last.timeRunTotalSeconds());
        long configured = NvmlUnits.nanosFromSeconds(state.params().timesliceSeconds());
        long slice = configured > 0 ? configured : 1_000_000L;
        long gap = Math.max(1, (nowUs * 1000 - ts) / (add + 1));
        long previousRun = last == null ? 0 : NvmlUnits.nanosFromSeconds(last.timeRunSeconds());
        for (int i = 0; i < add; i++) {
            ts += Math.max(previousRun, 1 + rnd.nextInt((int) Math.min(gap, Integer.MAX_VALUE)));
            if (ts > nowUs * 1000) {
                break;
            }
            long run = slice - rnd.nextInt((int) Math.min(slice, 200_000));
            int runlist = runlists == 0 ? 0 : rnd.nextInt(runlists);
            long weight = runlists == 0 ? -1 : weights[runlist];
            run = weighted(run, weight, weights);
            previousRun = run;
            total += run;
            entries.add(new SchedulerLogEntry(ts, NvmlUnits.secondsFromNanos(total), NvmlUnits.secondsFromNanos(run),
                    runlist, NvmlUnits.secondsFromNanos(slice),
                    NvmlUnits.secondsFromNanos(rnd.nextInt(50_000)), weight));
        }
        return new SchedulerLog(log.engineId(), state.policy(), state.arrMode(), state.params(), entries);
    }

    /**
     * The weight of each software runlist (runlist {@code r} is vGPU {@code r}): on a driver with the v2 scheduler
     * (its state has no ARR mode) the placement slots of the vGPU's type, at least 1, so a bigger vGPU gets a bigger
     * share; -1 for every runlist of a v1 driver, whose log has no weights.
     */
    static long[] runlistWeights(SchedulerState state, List<SimVgpuType> types, List<SimVgpu> vgpus) {
        long[] w = new long[vgpus.size()];
        for (int r = 0; r < w.length; r++) {
            w[r] = state.arrMode() == io.smi4j.model.ArrMode.UNKNOWN
                    ? Math.max(1, Scenarios.typeOf(types, vgpus.get(r).typeId()).placementSize()) : -1;
        }
        return w;
    }

    /** A runlist's run time in proportion to its weight among the heaviest one's (v1: as drawn). */
    static long weighted(long run, long weight, long[] weights) {
        if (weight < 1) {
            return run;
        }
        long max = 1;
        for (long w : weights) {
            max = Math.max(max, w);
        }
        return Math.max(1, run * weight / max);
    }

    /** A new VM's vGPU of a type that can be created now, if any. */
    Optional<SimVgpu> startable(List<SimVgpuType> types, List<SimVgpu> running, boolean heterogeneous, long nowUs) {
        List<SimVgpuType> candidates = new ArrayList<>();
        for (SimVgpuType t : creatable(types, running, heterogeneous)) {
            if (t.creatable()) {
                candidates.add(t);
            }
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        SimVgpuType type = candidates.get(rnd.nextInt(candidates.size()));
        return Optional.of(Scenarios.newVgpu(rnd, ids.next(), type, !running.isEmpty()
                ? running.get(0).accountingMode() : true, nowUs, true).placedAt(type.creatablePlacements().get(0)));
    }

    /**
     * The types with {@code creatable} and their creatable placements set as NVML would: a type can be created where
     * one of its supported placements has every slot free; without heterogeneous mode, only the type already
     * running (all types on an empty GPU) can. So a type never has more free placements than its maximum minus
     * the running ones, and the framebuffer of what runs always fits (one slot is one GiB).
     */
    static List<SimVgpuType> creatable(List<SimVgpuType> types, List<SimVgpu> running, boolean heterogeneous) {
        List<SimVgpuType> out = new ArrayList<>(types.size());
        for (SimVgpuType t : types) {
            boolean allowed = heterogeneous || running.isEmpty() || running.get(0).typeId() == t.id();
            List<Long> free = allowed ? freePlacements(t, types, running) : List.of();
            out.add(t.with(!free.isEmpty(), free));
        }
        return out;
    }

    /** The supported placements of {@code t} that overlap no running vGPU's slots, ascending. */
    static List<Long> freePlacements(SimVgpuType t, List<SimVgpuType> types, List<SimVgpu> running) {
        List<Long> free = new ArrayList<>();
        for (long p : t.supportedPlacements()) {
            boolean clear = true;
            for (SimVgpu v : running) {
                long start = v.placementId();
                long end = start + Scenarios.typeOf(types, v.typeId()).placementSize();
                if (p < end && start < p + t.placementSize()) {
                    clear = false;
                    break;
                }
            }
            if (clear) {
                free.add(p);
            }
        }
        return free;
    }

    /** {@code vgpu} placed at the first free placement of its type beside {@code running}; empty when none is free. */
    static Optional<SimVgpu> place(SimVgpu vgpu, List<SimVgpuType> types, List<SimVgpu> running) {
        List<Long> free = freePlacements(Scenarios.typeOf(types, vgpu.typeId()), types, running);
        return free.isEmpty() ? Optional.empty() : Optional.of(vgpu.placedAt(free.get(0)));
    }

    /** The physical GPU's memory on a vGPU host: the vGPUs' framebuffers are allocated. */
    static MemoryInfo hostMemory(MemoryInfo m, SimVgpuHost h) {
        return Scenarios.memory(m.totalBytes(), m.reservedBytes(), framebufferInUse(h.types(), h.vgpus()));
    }

    /** The framebuffer the running vGPUs hold: their types' sizes. */
    static long framebufferInUse(List<SimVgpuType> types, List<SimVgpu> vgpus) {
        long used = 0;
        for (SimVgpu v : vgpus) {
            used += Scenarios.typeOf(types, v.typeId()).framebufferBytes();
        }
        return used;
    }

    /**
     * A vGPU's sample of this step, before {@link #timeSliced}: its SM and memory shares walk from its previous sample
     * (a new vGPU draws them), within 0 and the {@link #share} of 100 (SM) or 60 (memory) percent for the {@code
     * sharing} vGPUs that time-slice the same engines, steps scaled alike; so a host hovers around three quarters of
     * its SM time, now and then saturated, however many vGPUs it runs.
     */
    static VgpuUtilizationSample sample(Random rnd, long vgpu, long timestampUs, VgpuUtilizationSample previous,
            int sharing) {
        int smDraw = rnd.nextInt(previous == null ? 101 : 31);
        int memDraw = rnd.nextInt(61);
        double sm = previous == null ? share(smDraw, sharing)
                : Math.max(0, Math.min(share(100, sharing), (int) previous.sm() + share(smDraw - 15, sharing)));
        double mem = previous == null ? share(memDraw, sharing)
                : Math.max(0, Math.min(share(60, sharing), (int) previous.mem() + share((memDraw - 30) / 2, sharing)));
        return new VgpuUtilizationSample(vgpu, timestampUs, sm, mem, rnd.nextInt(21), rnd.nextInt(21), rnd.nextInt(6), 0);
    }

    /**
     * {@code percent} (a draw or a walk's step) for one of {@code sharing} vGPUs on the same engines: 1.5 / sharing of
     * it, rounded half away from zero (so a step down is as likely as a step up), itself for a vGPU alone.
     */
    static int share(int percent, int sharing) {
        if (sharing <= 1) {
            return percent;
        }
        return Integer.signum(percent) * ((Math.abs(percent) * 3 + sharing) / (2 * sharing));
    }

    /**
     * This step's samples as a time-sliced GPU reports them: a vGPU's SM (memory) utilization is its share of the
     * GPU's (its GPU instance's, for a MIG-backed vGPU) time with the SM (memory) busy, so the vGPUs sharing it add
     * up to at most 100. Where they would add up to more, the demand exceeds the GPU and each gets its part of it:
     * scaled down in proportion, rounded down.
     */
    static List<VgpuUtilizationSample> timeSliced(List<VgpuUtilizationSample> fresh, List<SimVgpu> vgpus) {
        Map<Long, double[]> sums = new HashMap<>();
        for (int i = 0; i < fresh.size(); i++) {
            double[] sum = sums.computeIfAbsent(vgpus.get(i).gpuInstanceId(), k -> new double[2]);
            sum[0] += fresh.get(i).sm();
            sum[1] += fresh.get(i).mem();
        }
        List<VgpuUtilizationSample> out = new ArrayList<>(fresh.size());
        for (int i = 0; i < fresh.size(); i++) {
            VgpuUtilizationSample s = fresh.get(i);
            double[] sum = sums.get(vgpus.get(i).gpuInstanceId());
            out.add(new VgpuUtilizationSample(s.vgpuInstance(), s.timestampUs(), fit(s.sm(), sum[0]),
                    fit(s.mem(), sum[1]), s.enc(), s.dec(), s.jpg(), s.ofa()));
        }
        return out;
    }

    private static double fit(double value, double sum) {
        return sum <= 100 ? value : Math.floor(value * 100 / sum);
    }

    /**
     * A time-sliced GPU's utilization (not MIG) from its vGPUs' newest samples: their SM (memory) shares add up to
     * the time its SM (memory) was busy for them; the host's own work adds a little, 0 to 3 % SM and 0 to 2 % memory,
     * taken from {@code drawn} (the GPU's random walk of this step, so the simulation's draws stay as they were);
     * at most 100.
     */
    static UtilizationRates fromVgpus(SimVgpuHost h, UtilizationRates drawn) {
        double[] sum = newestSums(h);
        return new UtilizationRates((int) Math.min(100, sum[0] + Math.floorMod(drawn.gpuPercent(), 4)),
                (int) Math.min(100, sum[1] + Math.floorMod(drawn.memoryPercent(), 3)));
    }

    /** The sums of the SM and of the memory utilization of each running non-MIG-backed vGPU's newest sample. */
    static double[] newestSums(SimVgpuHost h) {
        double[] sum = new double[2];
        for (VgpuUtilizationSample s : newest(h).values()) {
            sum[0] += s.sm();
            sum[1] += s.mem();
        }
        return sum;
    }

    /**
     * {@code h} with its non-MIG-backed vGPUs' newest samples scaled so that their SM utilization adds up to exactly
     * {@code sm} and their memory utilization to {@code mem} (in proportion, whole percents, the remainder to the
     * largest fractions); a sum of 0 stays 0.
     */
    static SimVgpuHost withNewestSums(SimVgpuHost h, int sm, int mem) {
        Map<Long, VgpuUtilizationSample> newest = newest(h);
        List<VgpuUtilizationSample> in = new ArrayList<>(newest.values());
        double[] smShares = apportion(in.stream().mapToDouble(VgpuUtilizationSample::sm).toArray(), sm);
        double[] memShares = apportion(in.stream().mapToDouble(VgpuUtilizationSample::mem).toArray(), mem);
        Map<VgpuUtilizationSample, VgpuUtilizationSample> scaled = new java.util.IdentityHashMap<>();
        for (int i = 0; i < in.size(); i++) {
            VgpuUtilizationSample s = in.get(i);
            scaled.put(s, new VgpuUtilizationSample(s.vgpuInstance(), s.timestampUs(), smShares[i], memShares[i],
                    s.enc(), s.dec(), s.jpg(), s.ofa()));
        }
        List<VgpuUtilizationSample> samples = new ArrayList<>(h.utilizationSamples().size());
        for (VgpuUtilizationSample s : h.utilizationSamples()) {
            samples.add(scaled.getOrDefault(s, s));
        }
        return new SimVgpuHost(h.hostMode(), h.capabilities(), h.state(), h.schedulerLog(), h.heterogeneousMode(),
                h.types(), h.vgpus(), samples, h.processSamples(), h.vgpuCapabilities());
    }

    /** {@code values} scaled to whole numbers adding up to {@code total} (largest remainders first); all 0 stay so. */
    static double[] apportion(double[] values, int total) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double[] out = new double[values.length];
        if (sum <= 0) {
            return out;
        }
        double[] rest = new double[values.length];
        long given = 0;
        for (int i = 0; i < values.length; i++) {
            double exact = values[i] * total / sum;
            out[i] = Math.floor(exact);
            rest[i] = exact - out[i];
            given += (long) out[i];
        }
        for (long left = total - given; left > 0; left--) {
            int best = 0;
            for (int i = 1; i < rest.length; i++) {
                if (rest[i] > rest[best]) {
                    best = i;
                }
            }
            out[best]++;
            rest[best] = -1;
        }
        return out;
    }

    /** Each running non-MIG-backed vGPU's newest sample, by vGPU id, in the order of the vGPU list. */
    static Map<Long, VgpuUtilizationSample> newest(SimVgpuHost h) {
        Map<Long, VgpuUtilizationSample> newest = new java.util.LinkedHashMap<>();
        for (SimVgpu v : h.vgpus()) {
            if (v.gpuInstanceId() == io.smi4j.nvml.Nvml.NOT_AVAILABLE) {
                newest.put(v.id(), null);
            }
        }
        for (VgpuUtilizationSample s : h.utilizationSamples()) {
            if (newest.containsKey(s.vgpuInstance())) {
                VgpuUtilizationSample n = newest.get(s.vgpuInstance());
                if (n == null || s.timestampUs() >= n.timestampUs()) {
                    newest.put(s.vgpuInstance(), s);
                }
            }
        }
        newest.values().removeIf(java.util.Objects::isNull);
        return newest;
    }

    static Scenario with(Scenario s, List<SimGpu> gpus) {
        return s.withGpus(gpus);
    }

    static SimGpu with(SimGpu g, SimVgpuHost h) {
        return new SimGpu(g.name(), g.uuid(), g.pci(), g.virtualizationMode(), hostMemory(g.memory(), h),
                g.utilization(), g.temperatureC(), g.powerUsageMw(), g.powerLimitMw(), g.clocksMhz(),
                g.maxClocksMhz(), g.fanSpeedPercent(), g.performanceState(), g.ecc(), g.mig(), g.processes(),
                g.gpuInstances(), g.migDevices(), Optional.of(h), g.guestLicense());
    }

    static SimVgpuHost with(SimVgpuHost h, List<SimVgpu> vgpus, SchedulerState state) {
        return new SimVgpuHost(h.hostMode(), h.capabilities(), state, h.schedulerLog(), h.heterogeneousMode(),
                creatable(h.types(), vgpus, h.heterogeneousMode() == 1), vgpus, h.utilizationSamples(),
                h.processSamples(), h.vgpuCapabilities());
    }

    private int walk(int value, int lo, int hi, int maxStep) {
        return walk(rnd, value, lo, hi, maxStep);
    }

    private static int walk(Random rnd, int value, int lo, int hi, int maxStep) {
        return Math.max(lo, Math.min(hi, value + rnd.nextInt(2 * maxStep + 1) - maxStep));
    }

    private long walkBytes(long used, long total) {
        long delta = (long) (total * 0.02 * (rnd.nextDouble() * 2 - 1));
        return Math.max(0, Math.min(total, used + delta));
    }
}
