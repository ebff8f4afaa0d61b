package io.smi4j.jmx;

/** {@code io.smi4j:type=MigInstance,gpu=N,gpuInstance=G,computeInstance=C}: one MIG device. */
public interface MigInstanceMXBean {

    int getGpuIndex();

    String getUuid();

    String getName();

    long getGpuInstanceId();

    long getComputeInstanceId();

    long getProfileId();

    long getSliceCount();

    long getMultiprocessorCount();

    long getMemoryTotalBytes();

    long getMemoryUsedBytes();
}
