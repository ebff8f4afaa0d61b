package io.smi4j.nvml.jna;

import static io.smi4j.nvml.jna.NvmlFunctions.nvmlDeviceGetActiveVgpus;
import static io.smi4j.nvml.jna.NvmlFunctions.nvmlDeviceGetComputeRunningProcesses_v3;
import static io.smi4j.nvml.jna.NvmlFunctions.nvmlDeviceGetCreatableVgpus;
import static io.smi4j.nvml.jna.NvmlFunctions.nvmlDeviceGetGraphicsRunningProcesses_v3;
import static io.smi4j.nvml.jna.NvmlFunctions.nvmlDeviceGetProcessUtilization;
import static io.smi4j.nvml.jna.NvmlFunctions.nvmlDeviceGetSupportedVgpus;
import static io.smi4j.nvml.jna.NvmlFunctions.nvmlDeviceGetVgpuProcessUtilization;
import static io.smi4j.nvml.jna.NvmlFunctions.nvmlDeviceGetVgpuUtilization;
import static io.smi4j.nvml.jna.NvmlFunctions.nvmlVgpuInstanceGetAccountingPids;

import com.sun.jna.Function;
import com.sun.jna.Pointer;
import io.smi4j.model.NvmlReturn;
import io.smi4j.nvml.NvmlException;
import io.smi4j.nvml.NvmlFunction;

/**
 * NVML's count-then-fill calls: first with count 0 and a real NULL, then with an array of the count
 * NVML gave, again while it reports INSUFFICIENT_SIZE because the count grew between the two calls
 * (VMs start and stop), at most {@value #ATTEMPTS} fills. Dispatched by a switch over the function,
 * so a call allocates no lambda.
 */
final class CountThenFill {

    static final int ATTEMPTS = 8;
    private static final int INSUFFICIENT_SIZE = NvmlReturn.INSUFFICIENT_SIZE.code();
    private static final int NOT_FOUND = NvmlReturn.NOT_FOUND.code();

    private final Buffers b;
    /** {@code nvmlDeviceGetVgpuInstancesUtilizationInfo}, R550 and newer; null when the driver lacks it. */
    private final Function instancesUtilizationInfo;
    /** {@code nvmlDeviceGetProcessesUtilizationInfo}, R550 and newer; null when the driver lacks it. */
    private final Function processesUtilizationInfo;

    CountThenFill(Buffers buffers, Function instancesUtilizationInfo, Function processesUtilizationInfo) {
        this.b = buffers;
        this.instancesUtilizationInfo = instancesUtilizationInfo;
        this.processesUtilizationInfo = processesUtilizationInfo;
    }

    /**
     * Runs count-then-fill function {@code fn} on {@code handle}: leaves the entries in the array buffer and
     * returns how many. NOT_FOUND from a utilization call (no samples newer than {@code lastSeen}) is 0.
     */
    int fill(NvmlFunction fn, long handle, long lastSeen, int elementSize) {
        if (fn == NvmlFunction.nvmlDeviceGetVgpuInstancesUtilizationInfo && instancesUtilizationInfo == null) {
            throw new NvmlException(fn, NvmlReturn.FUNCTION_NOT_FOUND.code());
        }
        if (fn == NvmlFunction.nvmlDeviceGetProcessesUtilizationInfo && processesUtilizationInfo == null) {
            throw new NvmlException(fn, NvmlReturn.FUNCTION_NOT_FOUND.code());
        }
        b.view.putInt(Buffers.CELL0, 0);
        int rc = call(fn, handle, lastSeen, 0L);
        for (int attempt = 0; rc == INSUFFICIENT_SIZE; attempt++) {
            if (attempt == ATTEMPTS) {
                throw new NvmlException(fn, rc, "the count still grew after " + ATTEMPTS + " attempts");
            }
            rc = call(fn, handle, lastSeen, b.array((long) Math.max(count(fn), 1) * elementSize));
        }
        if (rc == NOT_FOUND && samples(fn)) {
            return 0;
        }
        JnaMigVgpuCalls.check(fn, rc);
        return count(fn);
    }

    private static boolean samples(NvmlFunction fn) {
        return fn == NvmlFunction.nvmlDeviceGetVgpuUtilization || fn == NvmlFunction.nvmlDeviceGetVgpuProcessUtilization
                || fn == NvmlFunction.nvmlDeviceGetVgpuInstancesUtilizationInfo
                || fn == NvmlFunction.nvmlDeviceGetProcessUtilization
                || fn == NvmlFunction.nvmlDeviceGetProcessesUtilizationInfo;
    }

    private int count(NvmlFunction fn) {
        return fn == NvmlFunction.nvmlDeviceGetVgpuInstancesUtilizationInfo
                ? b.view.getInt(Layouts.VgpuInstancesUtilizationInfo_v1.VGPU_INSTANCE_COUNT)
                : fn == NvmlFunction.nvmlDeviceGetProcessesUtilizationInfo
                ? b.view.getInt(Layouts.ProcessesUtilizationInfo_v1.PROCESS_SAMPLES_COUNT)
                : b.view.getInt(Buffers.CELL0);
    }

    /** One call of {@code fn}; array 0 is the NULL of the count query. */
    private int call(NvmlFunction fn, long handle, long lastSeen, long array) {
        long count = b.cell(Buffers.CELL0);
        switch (fn) {
            case nvmlDeviceGetActiveVgpus:
                return nvmlDeviceGetActiveVgpus(handle, count, array);
            case nvmlDeviceGetSupportedVgpus:
                return nvmlDeviceGetSupportedVgpus(handle, count, array);
            case nvmlDeviceGetCreatableVgpus:
                return nvmlDeviceGetCreatableVgpus(handle, count, array);
            case nvmlVgpuInstanceGetAccountingPids:
                return nvmlVgpuInstanceGetAccountingPids((int) handle, count, array);
            case nvmlDeviceGetComputeRunningProcesses_v3:
                return nvmlDeviceGetComputeRunningProcesses_v3(handle, count, array);
            case nvmlDeviceGetGraphicsRunningProcesses_v3:
                return nvmlDeviceGetGraphicsRunningProcesses_v3(handle, count, array);
            case nvmlDeviceGetProcessUtilization:
                return nvmlDeviceGetProcessUtilization(handle, array, count, lastSeen);
            case nvmlDeviceGetProcessesUtilizationInfo:
                return processesUtilization(handle, lastSeen, array);
            case nvmlDeviceGetVgpuUtilization:
                return nvmlDeviceGetVgpuUtilization(handle, lastSeen, b.cell(Buffers.CELL1), count, array);
            case nvmlDeviceGetVgpuProcessUtilization:
                return nvmlDeviceGetVgpuProcessUtilization(handle, lastSeen, count, array);
            case nvmlDeviceGetVgpuInstancesUtilizationInfo:
                return instancesUtilization(handle, lastSeen, array);
            default:
                throw new IllegalArgumentException(fn + " is not a count-then-fill function");
        }
    }

    /** R550's struct form: the count, the cursor and the array travel in {@code nvmlVgpuInstancesUtilizationInfo_t}. */
    private int instancesUtilization(long device, long lastSeen, long array) {
        int countField = Layouts.VgpuInstancesUtilizationInfo_v1.VGPU_INSTANCE_COUNT;
        int count = array == 0 ? 0 : b.view.getInt(countField);
        b.scratch.clear(Layouts.VgpuInstancesUtilizationInfo_v1.SIZE);
        b.view.putInt(Layouts.VgpuInstancesUtilizationInfo_v1.VERSION_FIELD,
                Layouts.VgpuInstancesUtilizationInfo_v1.VERSION);
        b.view.putInt(countField, count);
        b.view.putLong(Layouts.VgpuInstancesUtilizationInfo_v1.LAST_SEEN_TIME_STAMP, lastSeen);
        b.view.putLong(Layouts.VgpuInstancesUtilizationInfo_v1.VGPU_UTIL_ARRAY, array);
        return instancesUtilizationInfo.invokeInt(new Object[] {new Pointer(device), b.scratch});
    }

    /** R550's struct form of the process samples: count, cursor and array in {@code nvmlProcessesUtilizationInfo_t}. */
    private int processesUtilization(long device, long lastSeen, long array) {
        int countField = Layouts.ProcessesUtilizationInfo_v1.PROCESS_SAMPLES_COUNT;
        int count = array == 0 ? 0 : b.view.getInt(countField);
        b.scratch.clear(Layouts.ProcessesUtilizationInfo_v1.SIZE);
        b.view.putInt(Layouts.ProcessesUtilizationInfo_v1.VERSION_FIELD, Layouts.ProcessesUtilizationInfo_v1.VERSION);
        b.view.putInt(countField, count);
        b.view.putLong(Layouts.ProcessesUtilizationInfo_v1.LAST_SEEN_TIME_STAMP, lastSeen);
        b.view.putLong(Layouts.ProcessesUtilizationInfo_v1.PROC_UTIL_ARRAY, array);
        return processesUtilizationInfo.invokeInt(new Object[] {new Pointer(device), b.scratch});
    }
}
