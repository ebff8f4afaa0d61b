package io.smi4j.model;

/** Whether a poll could reach NVML. */
public enum HostStatus {
    /** NVML answered; {@link HostSnapshot#gpus()} is the host's GPUs. */
    OK,
    /** No {@code libnvidia-ml.so.1} could be loaded. */
    NO_LIBRARY,
    /** The library loaded but the NVIDIA kernel driver is not running (NVML_ERROR_DRIVER_NOT_LOADED). */
    NO_DRIVER,
    /** NVML failed as a whole (GPU lost, init failure); the poller retries with back-off. */
    ERROR
}
