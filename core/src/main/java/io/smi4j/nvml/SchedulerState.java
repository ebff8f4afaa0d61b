package io.smi4j.nvml;

/** {@code nvmlVgpuSchedulerGetState_t}. */
public record SchedulerState(SchedulerPolicy policy, ArrMode arrMode, SchedulerParams params) {
}
