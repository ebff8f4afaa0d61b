package io.smi4j.collect;

import io.smi4j.model.GpuInfo;
import io.smi4j.model.GpuProcess;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.ProcessGpuUse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

/**
 * Finds this JVM in a snapshot's GPU process lists (compute and graphics): by its PID, the PIDs {@code /proc/self/status} names in
 * outer PID namespaces ({@code NSpid}: NVML reports PIDs of the host's namespace, which a container with a
 * nested {@code /proc} view can still show), and its child processes' PIDs. Reads only the snapshot and
 * {@code /proc}: never NVML.
 */
public final class OwnProcess {

    private final long pid;
    private final List<Long> namespacePids;
    private final Supplier<Set<Long>> children;
    private final LongPredicate visible;

    OwnProcess(long pid, List<Long> namespacePids, Supplier<Set<Long>> children, LongPredicate visible) {
        this.pid = pid;
        this.namespacePids = List.copyOf(namespacePids);
        this.children = children;
        this.visible = visible;
    }

    /** This JVM. */
    public static OwnProcess current() {
        long pid = ProcessHandle.current().pid();
        List<Long> ns;
        try {
            ns = nsPids(Files.readString(Path.of("/proc/self/status")));
        } catch (IOException | RuntimeException e) {
            ns = List.of(); // not Linux, or /proc not mounted: the PID alone
        }
        return new OwnProcess(pid, ns.isEmpty() ? List.of(pid) : ns,
                () -> {
                    Set<Long> kids = new HashSet<>();
                    ProcessHandle.current().descendants().forEach(p -> kids.add(p.pid()));
                    return kids;
                },
                p -> ProcessHandle.of(p).isPresent());
    }

    /**
     * A process known by its PIDs, without children: {@code visible} says whether a PID NVML reports is a
     * process of the PID namespace the caller sees (for tests, and tools that look at another process).
     */
    public static OwnProcess of(long pid, List<Long> namespacePids, LongPredicate visible) {
        return new OwnProcess(pid, namespacePids, Set::of, visible);
    }

    /** The {@code NSpid} line of a {@code /proc/PID/status} text, outermost namespace first; empty when absent. */
    static List<Long> nsPids(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("NSpid:")) {
                List<Long> pids = new ArrayList<>();
                for (String f : line.substring("NSpid:".length()).trim().split("\\s+")) {
                    pids.add(Long.parseLong(f));
                }
                return pids;
            }
        }
        return List.of();
    }

    /** The process's PID, as it sees itself. */
    public long pid() {
        return pid;
    }

    /** Its PIDs in each PID namespace {@code /proc/self/status} shows, outermost first. */
    public List<Long> namespacePids() {
        return namespacePids;
    }

    /** This process's GPU use in {@code snapshot}. */
    public ProcessGpuUse use(HostSnapshot snapshot) {
        Set<Long> mine = new HashSet<>(namespacePids);
        mine.add(pid);
        mine.addAll(children.get());
        List<ProcessGpuUse.Entry> entries = new ArrayList<>();
        boolean foreign = false;
        long total = 0;
        for (GpuInfo gpu : snapshot.gpus()) {
            for (GpuProcess p : gpu.processes()) {
                if (mine.contains(p.pid())) {
                    entries.add(ProcessGpuUse.Entry.of(gpu, p));
                    total = total < 0 || p.usedMemoryBytes() < 0 ? -1 : total + p.usedMemoryBytes();
                } else if (!visible.test(p.pid())) {
                    foreign = true;
                }
            }
        }
        // A match is a match even beside foreign PIDs (a host /proc view shows our outer PID); without one,
        // PIDs this JVM cannot see mean NVML speaks another namespace, where our use may hide.
        ProcessGpuUse.PidMapping mapping = !entries.isEmpty() ? ProcessGpuUse.PidMapping.FOUND
                : foreign ? ProcessGpuUse.PidMapping.OTHER_NAMESPACE : ProcessGpuUse.PidMapping.NOT_FOUND;
        long memory = mapping == ProcessGpuUse.PidMapping.OTHER_NAMESPACE ? -1 : total;
        return new ProcessGpuUse(pid, namespacePids, mapping, entries, memory);
    }
}
