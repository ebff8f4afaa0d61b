package io.smi4j.collect;

import io.smi4j.model.VirtualizationMode;
import io.smi4j.nvml.ProcessInfo;
import java.util.List;

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
    /** The MIG mode the last poll read; null until read. */
    Boolean migCurrent;
    MigReader.State mig;
    VgpuHostReader.State host;

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
