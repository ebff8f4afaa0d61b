package io.smi4j.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The checks before {@code smi4j attach} sends anything to a process. On JDK 17 the Attach API
 * starts a JVM's attach listener by sending it SIGQUIT, which kills a process that is not a JVM
 * and keeps the default action. So a PID is attached to only when the JDK lists it among this
 * user's attachable JVMs ({@link VirtualMachine#list()}, read from the perf-data files) and, on
 * Linux, the process itself confirms it: it maps that perf-data file (a stale file of a dead JVM
 * whose PID was reused does not count) and it handles SIGQUIT or already listens for attach.
 */
final class AttachableJvm {

    private static final int SIGQUIT = 3;

    private AttachableJvm() {
    }

    /** Returns when {@code pid} may be attached to; else exit 1, the target having been sent nothing. */
    static void require(long pid) {
        whyNot(pid).ifPresent(why -> {
            throw new CliException(Smi4jCli.FAILURE, "PID " + pid + " is not a Java process I can attach to (" + why
                    + ")");
        });
    }

    /** Why {@code pid} may not be attached to; empty when it may. */
    static Optional<String> whyNot(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return Optional.of("no such process");
        }
        Optional<String> owner = process.get().info().user();
        Optional<String> me = ProcessHandle.current().info().user();
        if (owner.isPresent() && me.isPresent() && !owner.equals(me)) {
            return Optional.of("it runs as " + owner.get() + ", this smi4j as " + me.get()
                    + "; attach as the same user");
        }
        String id = Long.toString(pid);
        List<VirtualMachineDescriptor> jvms = VirtualMachine.list();
        if (jvms.stream().noneMatch(d -> d.id().equals(id))) {
            return Optional.of("not among the attachable JVMs of this user; JVMs started with "
                    + "-XX:+DisableAttachMechanism or -XX:-UsePerfData are not either");
        }
        Path proc = Path.of("/proc", id);
        if (!Files.isDirectory(proc)) {
            return Optional.empty(); // no procfs (macOS): the JDK's list is all there is to go by
        }
        try {
            if (!mapsPerfData(proc)) {
                return Optional.of("its perf-data file is stale: the process does not map it");
            }
            if (!Proc.read(proc).survivesSigquit()) {
                return Optional.of("it does not handle SIGQUIT, which attaching sends");
            }
        } catch (IOException | UncheckedIOException e) {
            return Optional.of("cannot read " + proc + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Whether the process maps an {@code hsperfdata_USER/PID} file, as every JVM listed by the JDK does. */
    private static boolean mapsPerfData(Path proc) throws IOException {
        try (Stream<String> lines = Files.lines(proc.resolve("maps"), StandardCharsets.UTF_8)) {
            return lines.anyMatch(l -> l.contains("/hsperfdata_"));
        }
    }

    /** What {@code /proc/PID/status} says about signals and the PID inside the process's namespace. */
    private record Proc(Path proc, BigInteger caught, BigInteger ignored, String namespacePid) {

        static Proc read(Path proc) throws IOException {
            BigInteger caught = BigInteger.ZERO;
            BigInteger ignored = BigInteger.ZERO;
            String nspid = proc.getFileName().toString();
            for (String line : Files.readAllLines(proc.resolve("status"), StandardCharsets.UTF_8)) {
                String[] kv = line.split(":", 2);
                if (kv.length < 2) {
                    continue;
                }
                String value = kv[1].strip();
                switch (kv[0]) {
                    case "SigCgt" -> caught = new BigInteger(value, 16);
                    case "SigIgn" -> ignored = new BigInteger(value, 16);
                    case "NSpid" -> {
                        String[] ids = value.split("\\s+");
                        nspid = ids[ids.length - 1];
                    }
                    default -> {
                    }
                }
            }
            return new Proc(proc, caught, ignored, nspid);
        }

        /**
         * Whether SIGQUIT leaves the process alive: it catches or ignores it (a JVM catches it to start its
         * attach listener), or its attach listener already runs, so that no signal is sent.
         */
        boolean survivesSigquit() {
            return caught.testBit(SIGQUIT - 1) || ignored.testBit(SIGQUIT - 1) || Files.exists(attachSocket());
        }

        /** Where the JVM's attach listener listens, seen from here: its {@code /tmp/.java_pidNSPID}. */
        Path attachSocket() {
            return proc.resolve("root/tmp/.java_pid" + namespacePid);
        }
    }
}
