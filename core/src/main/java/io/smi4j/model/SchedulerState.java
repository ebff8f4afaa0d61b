package io.smi4j.model;

/**
 * {@code nvmlVgpuSchedulerGetState_t}, or {@code nvmlVgpuSchedulerStateInfo_v2_t} on drivers with the v2 scheduler
 * calls (nvml.h 13.2 and newer): their state has no ARR field (ARR can no longer be switched and nvidia-smi no
 * longer shows it), so {@code arrMode} is {@link ArrMode#UNKNOWN} ("not applicable") and {@code params} holds the
 * average factor and the time slice as the driver reports them.
 */
public record SchedulerState(SchedulerPolicy policy, ArrMode arrMode, SchedulerParams params) {
}
