package io.smi4j.model;

/**
 * The scheduler parameter union of a state or log, decoded: with ARR enabled it holds
 * {@code {avgFactor, timeslice}}, otherwise only {@code {timeslice}}, and
 * {@code avgFactor} is -1 (not available). Timeslice in nanoseconds.
 */
public record SchedulerParams(long avgFactor, long timesliceNs) {

    /** Decodes the 8-byte union the way NVML lays it out for {@code arrMode}. */
    public static SchedulerParams decode(ArrMode arrMode, long word0, long word1) {
        return arrMode == ArrMode.ENABLED
                ? new SchedulerParams(word0, word1)
                : new SchedulerParams(-1, word0);
    }
}
