package io.smi4j.model;

/**
 * How often one NVML function failed with one return code since the collector started
 * (NOT_SUPPORTED and FUNCTION_NOT_FOUND are not failures).
 *
 * @param call  the NVML function, by its exported name
 * @param code  NVML's return code (kept even when the header does not name it)
 * @param total failed calls so far
 */
public record CallErrorTotal(String call, int code, long total) {

    public NvmlReturn result() {
        return NvmlReturn.of(code);
    }
}
