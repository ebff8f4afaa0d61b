package io.smi4j.collect;

import io.smi4j.model.VirtualizationMode;
import io.smi4j.nvml.ProcessInfo;
import io.smi4j.nvml.ProcessUtilizationSample;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one NVML session knows of one GPU: its handle and static facts, read once, and the state the
 * MIG and vGPU host readers keep for it. Dropped with the session.
 */
final class GpuState {

    final int index;
    final CallTarget target;
    /** {@code nvmlDevice_t}; 0 until read (NVML's handles are pointers, never 0). */
    long handle;
    String uuid;
    String name;
    String pciBusId;
    VirtualizationMode virtualization;
    /** Maximum graphics, SM and memory clocks in hertz, each null until read. */
    final Long[] maxClocksHz = new Long[3];
    /** The graphics, SM and memory clocks: a GPU may report one and not another. */
    final CallTarget[] clockDomains;
    /** The last list of compute processes read: shown while the enumeration fails. */
    final Listing<List<ProcessInfo>> processes = new Listing<>();
    /** The same for the graphics processes. */
    final Listing<List<ProcessInfo>> graphicsProcesses = new Listing<>();
    /** The newest utilization sample per PID, with the poll that brought it. */
    final Map<Long, ProcessSample> processSamples = new HashMap<>();
    /** The newest process utilization sample's time, microseconds: the next read asks for newer ones only. */
    long lastProcessSampleUs;
    /** The poll that last brought a process utilization sample. */
    long lastProcessArrivalPoll;
    /** The MIG mode the last poll read; null until read. */
    Boolean migCurrent;
    MigReader.State mig;
    VgpuHostReader.State host;

    /** A process's newest utilization sample, in percents checked once, and the poll that brought it. */
    record ProcessSample(ProcessUtilizationSample sample, long poll) {
    }

    /** Asks again what this GPU found unsupported or failing persistently, its maximum clocks included. */
    void reprobe() {
        target.reprobe();
        for (int k = 0; k < maxClocksHz.length; k++) {
            if (maxClocksHz[k] != null && maxClocksHz[k] < 0) {
                maxClocksHz[k] = null;
            }
        }
    }

    GpuState(int index) {
        this.index = index;
        this.target = CallTarget.gpu(index);
        this.clockDomains = new CallTarget[] {target.part(), target.part(), target.part()};
    }
}
