package io.smi4j.mock;

import io.smi4j.model.NvmlReturn;
import io.smi4j.model.VirtualizationMode;
import io.smi4j.nvml.NvmlFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The faults a {@link MockNvml} injects, so that readers can be proven against what real
 * drivers do under load. Every probability is in {@code [0, 1]}; the draws come from the mock's
 * own random source, so a plan with a seed gives the same faults every run.
 *
 * @param errorProbability       chance that any call (except init and shutdown) fails with one of {@code errorCodes}
 * @param errorCodes             the codes injected at random: non-fatal ones, as a loaded driver returns them
 * @param churnProbability       chance, per {@code nvmlDeviceGetActiveVgpus}, that one of the listed vGPUs is
 *                               destroyed right after the enumeration (its calls then answer NOT_FOUND)
 * @param countGrowthProbability chance, per count-then-fill call ({@code nvmlDeviceGetActiveVgpus}), that a VM
 *                               starts between the count and the fill, so the list holds one more vGPU than the
 *                               count said (what a binding sees after retrying with the larger count)
 * @param gpuLossProbability     chance, per GPU and simulation step, that the GPU falls off the bus: every call on
 *                               it answers GPU_IS_LOST until NVML is initialised again
 * @param forcedErrors           calls that always fail, by NVML function, e.g.
 *                               {@code nvmlDeviceSetVgpuSchedulerState -> NO_PERMISSION}
 * @param aimed                  faults aimed at one GPU and a range of polls ({@link Aimed}); they survive
 *                               {@code nvmlInit_v2}, as a GPU that stays off the bus does
 * @param hangs                  calls that park their thread for a while, as a driver stuck in D state does
 *                               ({@link Hang})
 * @param oddities               impossible values answered in some polls ({@link Oddity})
 * @param switches               MIG or virtualization modes switched at a poll, as an operator mid-run would
 *                               ({@link ModeSwitch})
 * @param sampleClocks           utilization sample timestamps moved back from a poll on: a driver whose clock is
 *                               not the epoch, or restarted ({@link SampleClock})
 */
public record FaultPlan(
        double errorProbability,
        List<NvmlReturn> errorCodes,
        double churnProbability,
        double countGrowthProbability,
        double gpuLossProbability,
        Map<NvmlFunction, NvmlReturn> forcedErrors,
        List<Aimed> aimed,
        List<Hang> hangs,
        List<Oddity> oddities,
        List<ModeSwitch> switches,
        List<SampleClock> sampleClocks) {

    /** Whether {@code poll} lies in {@code from .. to} and is one of every {@code every}-th from {@code from}. */
    private static boolean in(long poll, long from, long to, int every) {
        return poll >= from && poll <= to && (poll - from) % every == 0;
    }

    private static void checkPolls(String what, long fromPoll, long toPoll) {
        if (fromPoll < 1 || toPoll < fromPoll) {
            throw new IllegalArgumentException("bad " + what + ": polls " + fromPoll + ".." + toPoll);
        }
    }

    /**
     * A call that does not return for {@code park} (uninterruptibly, as a call stuck in the kernel), then answers as
     * usual; in polls {@code fromPoll .. toPoll}.
     *
     * @param function the function that hangs
     * @param gpu      the GPU it hangs on; -1: any GPU (and calls about no GPU)
     */
    public record Hang(NvmlFunction function, int gpu, long fromPoll, long toPoll, Duration park) {

        public Hang {
            checkPolls("hang of " + function, fromPoll, toPoll);
            if (function == null || gpu < -1 || park.isNegative()) {
                throw new IllegalArgumentException("bad hang " + function + " GPU " + gpu + " for " + park);
            }
        }

        /** {@code function} parks for {@code park} from poll {@code fromPoll} on, on any GPU. */
        public static Hang from(NvmlFunction function, long fromPoll, Duration park) {
            return new Hang(function, -1, fromPoll, Long.MAX_VALUE, park);
        }

        boolean hits(NvmlFunction f, int g, long poll) {
            return f == function && (gpu < 0 || g == gpu) && in(poll, fromPoll, toPoll, 1);
        }
    }

    /** An impossible value NVML has been seen to answer. */
    public enum OddityKind {
        /** A vGPU utilization sample's SM percent is {@code 0xFFFFFFFF}, NVML's all-ones sentinel. */
        SAMPLE_ALL_ONES,
        /** A vGPU utilization sample's memory percent is 808334905. */
        SAMPLE_OVER_HUNDRED,
        /** A vGPU utilization sample is stamped an hour after the simulated now. */
        SAMPLE_IN_FUTURE,
        /** A vGPU's framebuffer usage is 1 GiB more than its type's framebuffer. */
        VGPU_FB_OVER_TYPE,
        /** A GPU's memory used is over its total, and its free wrapped below zero. */
        GPU_USED_OVER_TOTAL
    }

    /**
     * An impossible value in polls {@code fromPoll .. toPoll}.
     *
     * @param gpu  the GPU's index
     * @param vgpu the position of the vGPU in the GPU's list; -1: every vGPU of the GPU (ignored by GPU kinds)
     */
    public record Oddity(OddityKind kind, int gpu, int vgpu, long fromPoll, long toPoll) {

        public Oddity {
            checkPolls("oddity " + kind, fromPoll, toPoll);
            if (kind == null || gpu < 0 || vgpu < -1) {
                throw new IllegalArgumentException("bad oddity " + kind + " GPU " + gpu + " vGPU " + vgpu);
            }
        }

        /** {@code kind} on the {@code vgpu}-th vGPU (-1: each) of GPU {@code gpu}, in every poll. */
        public static Oddity always(OddityKind kind, int gpu, int vgpu) {
            return new Oddity(kind, gpu, vgpu, 1, Long.MAX_VALUE);
        }

        boolean hits(OddityKind k, int g, int position, long poll) {
            return k == kind && g == gpu && (vgpu < 0 || position == vgpu) && in(poll, fromPoll, toPoll, 1);
        }
    }

    /**
     * At the start of poll {@code atPoll}, GPU {@code gpu}'s MIG mode (when {@code mig} is not null) and virtualization
     * mode (when {@code virtualization} is not null) become those given, current and pending.
     */
    public record ModeSwitch(int gpu, long atPoll, Boolean mig, VirtualizationMode virtualization) {

        public ModeSwitch {
            checkPolls("mode switch", atPoll, atPoll);
            if (gpu < 0 || (mig == null && virtualization == null)) {
                throw new IllegalArgumentException("bad mode switch of GPU " + gpu);
            }
        }

        public static ModeSwitch mig(int gpu, long atPoll, boolean on) {
            return new ModeSwitch(gpu, atPoll, on, null);
        }

        public static ModeSwitch virtualization(int gpu, long atPoll, VirtualizationMode mode) {
            return new ModeSwitch(gpu, atPoll, null, mode);
        }
    }

    /**
     * From poll {@code fromPoll} on, every vGPU and vGPU process utilization sample is stamped {@code earlierUs}
     * microseconds earlier than the simulated clock (the cursor {@code lastSeenTimeStamp} is on that clock too).
     */
    public record SampleClock(long fromPoll, long earlierUs) {

        public SampleClock {
            checkPolls("sample clock", fromPoll, fromPoll);
            if (earlierUs < 0) {
                throw new IllegalArgumentException("a sample clock goes back, not ahead: " + earlierUs);
            }
        }

        /** Sample timestamps counted from the boot at {@code bootEpochUs}, not from the epoch, from the first poll. */
        public static SampleClock bootRelative(long bootEpochUs) {
            return new SampleClock(1, bootEpochUs);
        }
    }

    /**
     * A fault aimed at calls about one GPU (its handle, the device calls, its vGPUs' calls) in some polls.
     * Poll {@code n} is the mock's n-th {@code nvmlDeviceGetCount_v2}: every poll starts by counting GPUs.
     *
     * @param function  the function that fails; null: every call about the GPU
     * @param code      what it answers
     * @param gpu       the GPU's index
     * @param fromPoll  the first poll it fails in (1 is the first poll)
     * @param toPoll    the last poll it fails in; {@link Long#MAX_VALUE}: for good
     * @param every     it fails in every {@code every}-th poll from {@code fromPoll} on (1: each)
     */
    public record Aimed(NvmlFunction function, NvmlReturn code, int gpu, long fromPoll, long toPoll, int every) {

        public Aimed {
            if (fromPoll < 1 || toPoll < fromPoll || every < 1 || gpu < 0) {
                throw new IllegalArgumentException("bad aimed fault " + function + " " + code + " GPU " + gpu
                        + " polls " + fromPoll + ".." + toPoll + " every " + every);
            }
        }

        /** {@code function} (null: every call) on GPU {@code gpu} answers {@code code} in every poll. */
        public static Aimed always(NvmlFunction function, NvmlReturn code, int gpu) {
            return new Aimed(function, code, gpu, 1, Long.MAX_VALUE, 1);
        }

        /**
         * GPU {@code gpu} falls off the bus in poll {@code fromPoll} and stays lost, also after a new
         * {@code nvmlInit_v2}: every call about it answers GPU_IS_LOST.
         */
        public static Aimed lostFrom(int gpu, long fromPoll) {
            return new Aimed(null, NvmlReturn.GPU_IS_LOST, gpu, fromPoll, Long.MAX_VALUE, 1);
        }

        /** Whether a call of {@code f} about GPU {@code g} in poll {@code poll} fails. */
        boolean hits(NvmlFunction f, int g, long poll) {
            return g == gpu && (function == null || function == f) && in(poll, fromPoll, toPoll, every);
        }
    }

    /** The codes a busy but healthy driver returns now and then. */
    public static final List<NvmlReturn> TRANSIENT_CODES =
            List.of(NvmlReturn.TIMEOUT, NvmlReturn.UNKNOWN, NvmlReturn.IRQ_ISSUE, NvmlReturn.INSUFFICIENT_RESOURCES);

    private static final FaultPlan NONE = new FaultPlan(0, TRANSIENT_CODES, 0, 0, 0, Map.of(), List.of(), List.of(),
            List.of(), List.of(), List.of());

    public FaultPlan {
        errorCodes = List.copyOf(errorCodes);
        forcedErrors = Map.copyOf(forcedErrors);
        aimed = List.copyOf(aimed);
        hangs = List.copyOf(hangs);
        oddities = List.copyOf(oddities);
        switches = List.copyOf(switches);
        sampleClocks = List.copyOf(sampleClocks);
        check("errorProbability", errorProbability);
        check("churnProbability", churnProbability);
        check("countGrowthProbability", countGrowthProbability);
        check("gpuLossProbability", gpuLossProbability);
        if (errorProbability > 0 && errorCodes.isEmpty()) {
            throw new IllegalArgumentException("errorProbability > 0 needs at least one error code");
        }
    }

    private static void check(String what, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1], was " + p);
        }
    }

    /** No faults: the mock answers exactly what its scenario holds. */
    public static FaultPlan none() {
        return NONE;
    }

    /** Transient errors with probability {@code p} per call. */
    public FaultPlan withErrors(double p) {
        return new FaultPlan(p, errorCodes, churnProbability, countGrowthProbability, gpuLossProbability,
                forcedErrors, aimed, hangs, oddities, switches, sampleClocks);
    }

    public FaultPlan withChurn(double p) {
        return new FaultPlan(errorProbability, errorCodes, p, countGrowthProbability, gpuLossProbability,
                forcedErrors, aimed, hangs, oddities, switches, sampleClocks);
    }

    public FaultPlan withCountGrowth(double p) {
        return new FaultPlan(errorProbability, errorCodes, churnProbability, p, gpuLossProbability, forcedErrors,
                aimed, hangs, oddities, switches, sampleClocks);
    }

    public FaultPlan withGpuLoss(double p) {
        return new FaultPlan(errorProbability, errorCodes, churnProbability, countGrowthProbability, p,
                forcedErrors, aimed, hangs, oddities, switches, sampleClocks);
    }

    /** {@code function} always fails with {@code code}. */
    public FaultPlan withForcedError(NvmlFunction function, NvmlReturn code) {
        Map<NvmlFunction, NvmlReturn> m = new HashMap<>(forcedErrors);
        m.put(function, code);
        return new FaultPlan(errorProbability, errorCodes, churnProbability, countGrowthProbability,
                gpuLossProbability, m, aimed, hangs, oddities, switches, sampleClocks);
    }

    /** One more fault aimed at a GPU and polls. */
    public FaultPlan with(Aimed fault) {
        return new FaultPlan(errorProbability, errorCodes, churnProbability, countGrowthProbability,
                gpuLossProbability, forcedErrors, plus(aimed, fault), hangs, oddities, switches, sampleClocks);
    }

    /** One more call that hangs. */
    public FaultPlan with(Hang hang) {
        return new FaultPlan(errorProbability, errorCodes, churnProbability, countGrowthProbability,
                gpuLossProbability, forcedErrors, aimed, plus(hangs, hang), oddities, switches, sampleClocks);
    }

    /** One more impossible value. */
    public FaultPlan with(Oddity oddity) {
        return new FaultPlan(errorProbability, errorCodes, churnProbability, countGrowthProbability,
                gpuLossProbability, forcedErrors, aimed, hangs, plus(oddities, oddity), switches, sampleClocks);
    }

    /** One more mode switch. */
    public FaultPlan with(ModeSwitch change) {
        return new FaultPlan(errorProbability, errorCodes, churnProbability, countGrowthProbability,
                gpuLossProbability, forcedErrors, aimed, hangs, oddities, plus(switches, change), sampleClocks);
    }

    /** One more change of the sample clock. */
    public FaultPlan with(SampleClock clock) {
        return new FaultPlan(errorProbability, errorCodes, churnProbability, countGrowthProbability,
                gpuLossProbability, forcedErrors, aimed, hangs, oddities, switches, plus(sampleClocks, clock));
    }

    private static <T> List<T> plus(List<T> list, T item) {
        List<T> l = new ArrayList<>(list);
        l.add(item);
        return l;
    }

    /** The sample clock's lag in poll {@code poll}: the last {@link SampleClock} begun by then, else 0. */
    long sampleClockLagUs(long poll) {
        long lag = 0;
        long since = 0;
        for (SampleClock c : sampleClocks) {
            if (c.fromPoll() <= poll && c.fromPoll() >= since) {
                lag = c.earlierUs();
                since = c.fromPoll();
            }
        }
        return lag;
    }
}
