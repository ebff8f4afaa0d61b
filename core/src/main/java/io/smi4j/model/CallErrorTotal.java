package io.smi4j.model;

/**
 * How often one NVML function failed with one return code since the collector started
 * (NOT_SUPPORTED and FUNCTION_NOT_FOUND are not failures), for one GPU or for the host.
 *
 * @param call     the NVML function, by its exported name
 * @param code     NVML's return code (kept even when the header does not name it)
 * @param total    failed calls so far
 * @param gpuIndex the GPU the calls were about, -1 for host-level calls (system, device count)
 */
public record CallErrorTotal(String call, int code, long total, int gpuIndex) {

    /** A host-level total. */
    public CallErrorTotal(String call, int code, long total) {
        this(call, code, total, -1);
    }

    public NvmlReturn result() {
        return NvmlReturn.of(code);
    }
}
