package io.smi4j.jmx;

/**
 * The scheduler MBean when scheduler control was enabled (agent option {@code control=on},
 * CLI flag): the same attributes plus the one operation that changes the scheduler. Without
 * control the MBean implements only {@link VgpuSchedulerMXBean}, so the operation does not exist.
 */
public interface VgpuSchedulerControlMXBean extends VgpuSchedulerMXBean {

    /**
     * Sets the scheduler of this GPU.
     *
     * @param policy      BEST_EFFORT, EQUAL_SHARE or FIXED_SHARE
     * @param enableArr   with ARR, {@code avgFactor} and {@code frequencyHertz} apply; without, {@code timesliceSeconds}
     * @throws IllegalArgumentException when the values are outside the GPU's capabilities, naming which
     * @throws IllegalStateException    when NVML refuses the change, naming NVML's error
     */
    void setSchedulerState(String policy, boolean enableArr, long avgFactor, long frequencyHertz,
            double timesliceSeconds);

    /**
     * Sets the scheduler of this GPU on a driver with the v2 scheduler ({@code nvmlDeviceSetVgpuSchedulerState_v2},
     * nvml.h 13.2+): no ARR switch, no timeslice.
     *
     * @param policy         BEST_EFFORT, EQUAL_SHARE or FIXED_SHARE
     * @param avgFactor      the average factor, 0 for the driver's default
     * @param frequencyHertz the scheduling frequency, 0 for the driver's default
     * @throws IllegalArgumentException when the values are outside the GPU's capabilities or the driver has only the
     *                                  v1 scheduler ({@link #setSchedulerState} applies then)
     * @throws IllegalStateException    when NVML refuses the change, naming NVML's error
     */
    void setSchedulerStateV2(String policy, long avgFactor, long frequencyHertz);
}
