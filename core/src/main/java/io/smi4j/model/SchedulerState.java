package io.smi4j.model;

/** {@code nvmlVgpuSchedulerGetState_t}. */
public record SchedulerState(SchedulerPolicy policy, ArrMode arrMode, SchedulerParams params) {
}
