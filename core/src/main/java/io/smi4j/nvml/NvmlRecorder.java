package io.smi4j.nvml;

/**
 * Writes what an NVML session answers as a scenario file, found with {@link java.util.ServiceLoader} (the mock
 * module, which owns the file format, provides it), so {@code smi4j record} names neither.
 */
public interface NvmlRecorder {

    /**
     * The host {@code nvml} shows now as a scenario file's text. The recorder initialises, shuts down and closes the
     * session (so callers outside the collector's readers never call the port).
     *
     * @param hostName  the host's name in the file
     * @param startUs   when it was recorded, microseconds since the epoch (the file's {@code start})
     * @param anonymize replace host name, VM ids, UUIDs, PIDs and process names by placeholders, the same input
     *                  always by the same placeholder
     * @throws NvmlException when NVML fails other than by not supporting a call
     */
    String record(Nvml nvml, String hostName, long startUs, boolean anonymize);

    /**
     * {@code polls} polls of the host {@code nvml} shows, {@code intervalMs} apart, as a scenario file's text: the
     * first poll, then a timeline of what changed at each later poll (only the changed values). One poll is
     * {@link #record(Nvml, String, long, boolean)}.
     *
     * @param polls      1 or more
     * @param intervalMs the time between the starts of two polls, in milliseconds
     */
    String record(Nvml nvml, String hostName, long startUs, boolean anonymize, int polls, long intervalMs)
            throws InterruptedException;
}
