package io.smi4j.jmx;

import io.smi4j.collect.OwnProcess;
import io.smi4j.control.SchedulerControl;
import io.smi4j.control.SchedulerControlException;
import io.smi4j.model.SchedulerSetState;
import java.util.Optional;

/**
 * How {@link Smi4jJmx} registers the MBeans.
 *
 * @param control           when present, the scheduler MBeans offer {@code setSchedulerState}, which calls it;
 *                          when empty the operation does not exist
 * @param recentLogEntries  how many scheduler log entries each scheduler MBean keeps
 * @param self              the process whose own GPU use the Metrics MBean carries too (the agent's JVM); empty:
 *                          no {@code allsmi_process_*} series ({@code smi4j api})
 */
public record JmxOptions(Optional<SchedulerSetter> control, int recentLogEntries, Optional<OwnProcess> self) {

    /** Changes the vGPU scheduler of one GPU; validation errors are IllegalArgumentExceptions. */
    @FunctionalInterface
    public interface SchedulerSetter {
        void set(int gpuIndex, SchedulerSetState state);
    }

    public static final int DEFAULT_RECENT_LOG_ENTRIES = 32;

    public JmxOptions {
        if (recentLogEntries < 0) {
            throw new IllegalArgumentException("recentLogEntries must be >= 0, was " + recentLogEntries);
        }
    }

    /** Read-only MBeans. */
    public static JmxOptions defaults() {
        return new JmxOptions(Optional.empty(), DEFAULT_RECENT_LOG_ENTRIES, Optional.empty());
    }

    public JmxOptions withControl(SchedulerSetter setter) {
        return new JmxOptions(Optional.of(setter), recentLogEntries, self);
    }

    /** The Metrics MBean carries {@code process}'s own GPU use ({@code allsmi_process_*}). */
    public JmxOptions withSelf(OwnProcess process) {
        return new JmxOptions(control, recentLogEntries, Optional.of(process));
    }

    /**
     * Control through {@code control}: a request the GPU cannot take (no such GPU, not a vGPU host,
     * unsupported policy or ARR, a value out of range) comes back to the JMX client as an
     * IllegalArgumentException, a refusal by NVML as an IllegalStateException, both with
     * {@link SchedulerControl}'s message.
     */
    public JmxOptions withControl(SchedulerControl control) {
        return withControl((gpu, state) -> {
            try {
                control.set(gpu, state);
            } catch (SchedulerControlException e) {
                throw switch (e.reason()) {
                    case NO_SUCH_GPU, NOT_VGPU_HOST, UNSUPPORTED_POLICY, ARR_NOT_SUPPORTED, NOT_APPLICABLE,
                            OUT_OF_RANGE ->
                            new IllegalArgumentException(e.getMessage());
                    default -> new IllegalStateException(e.getMessage());
                };
            }
        });
    }
}
