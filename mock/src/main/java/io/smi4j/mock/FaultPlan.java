package io.smi4j.mock;

import io.smi4j.model.NvmlReturn;
import io.smi4j.nvml.NvmlFunction;
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
 */
public record FaultPlan(
        double errorProbability,
        List<NvmlReturn> errorCodes,
        double churnProbability,
        double countGrowthProbability,
        double gpuLossProbability,
        Map<NvmlFunction, NvmlReturn> forcedErrors,
        List<Aimed> aimed) {

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

        /** Whether a call of {@code f} about GPU {@code g} in poll {@code poll} fails. */
        boolean hits(NvmlFunction f, int g, long poll) {
            return g == gpu && (function == null || function == f) && poll >= fromPoll && poll <= toPoll
                    && (poll - fromPoll) % every == 0;
        }
    }

    /** The codes a busy but healthy driver returns now and then. */
    public static final List<NvmlReturn> TRANSIENT_CODES =
            List.of(NvmlReturn.TIMEOUT, NvmlReturn.UNKNOWN, NvmlReturn.IRQ_ISSUE, NvmlReturn.INSUFFICIENT_RESOURCES);

    private static final FaultPlan NONE = new FaultPlan(0, TRANSIENT_CODES, 0, 0, 0, Map.of(), List.of());

    public FaultPlan {
        errorCodes = List.copyOf(errorCodes);
        forcedErrors = Map.copyOf(forcedErrors);
        aimed = List.copyOf(aimed);
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
                forcedErrors, aimed);
    }

    public FaultPlan withChurn(double p) {
        return new FaultPlan(errorProbability, errorCodes, p, countGrowthProbability, gpuLossProbability,
                forcedErrors, aimed);
    }

    public FaultPlan withCountGrowth(double p) {
        return new FaultPlan(errorProbability, errorCodes, churnProbability, p, gpuLossProbability, forcedErrors,
                aimed);
    }

    public FaultPlan withGpuLoss(double p) {
        return new FaultPlan(errorProbability, errorCodes, churnProbability, countGrowthProbability, p,
                forcedErrors, aimed);
    }

    /** {@code function} always fails with {@code code}. */
    public FaultPlan withForcedError(NvmlFunction function, NvmlReturn code) {
        java.util.HashMap<NvmlFunction, NvmlReturn> m = new java.util.HashMap<>(forcedErrors);
        m.put(function, code);
        return new FaultPlan(errorProbability, errorCodes, churnProbability, countGrowthProbability,
                gpuLossProbability, m, aimed);
    }

    /** One more fault aimed at a GPU and polls. */
    public FaultPlan with(Aimed fault) {
        List<Aimed> l = new java.util.ArrayList<>(aimed);
        l.add(fault);
        return new FaultPlan(errorProbability, errorCodes, churnProbability, countGrowthProbability,
                gpuLossProbability, forcedErrors, l);
    }
}
