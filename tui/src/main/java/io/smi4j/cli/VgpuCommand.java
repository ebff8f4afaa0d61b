package io.smi4j.cli;

import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.report.CapacityReport;
import io.smi4j.report.Format;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code smi4j vgpu}: vGPU host operations. */
@Command(name = "vgpu", mixinStandardHelpOptions = true, description = "vGPU host operations.",
        subcommands = {VgpuCommand.Scheduler.class, VgpuCommand.Capacity.class})
final class VgpuCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command (scheduler, capacity)");
    }

    /** {@code smi4j vgpu capacity}. */
    @Command(name = "capacity", mixinStandardHelpOptions = true,
            description = "Print, per vGPU-host GPU and vGPU type, how many vGPUs run, how many more can be created "
                    + "now and at which free placement ids: as a table, JSON or Prometheus text. "
                    + "Fails with one line on a host without a vGPU-host GPU.")
    static final class Capacity implements Callable<Integer> {

        enum Output { table, json, prometheus }

        @Spec
        CommandSpec spec;

        @Mixin
        CollectOptions collect;

        @Option(names = "--gpu", paramLabel = "N", converter = Converters.GpuIndex.class,
                description = "Only this GPU (index).")
        Integer gpu;

        @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
                description = "table, json or prometheus (default: ${DEFAULT-VALUE}).")
        Output format;

        @Override
        public Integer call() {
            HostSnapshot s = collect.snapshot();
            List<GpuInfo> hosts = vgpuHosts(s, gpu);
            PrintWriter out = spec.commandLine().getOut();
            out.print(switch (format) {
                case table -> CapacityReport.text(CapacityReport.of(s, hosts));
                case json -> CapacityReport.json(CapacityReport.of(s, hosts));
                case prometheus -> CapacityReport.prometheus(s, hosts);
            });
            out.flush();
            notReadNormally(s, gpu, spec.commandLine().getErr());
            return Smi4jCli.OK;
        }
    }

    /** {@code smi4j vgpu scheduler}. */
    @Command(name = "scheduler", mixinStandardHelpOptions = true,
            description = "Read or change the vGPU time-slice scheduler of a GPU.",
            subcommands = {Get.class, SchedulerSetCommand.class})
    static final class Scheduler implements Runnable {

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            throw new ParameterException(spec.commandLine(), "missing command (get, set)");
        }
    }

    /** {@code smi4j vgpu scheduler get}. */
    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Print the scheduler state and the legal ranges of every vGPU-host GPU, or of one.")
    static final class Get implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        CollectOptions collect;

        @Option(names = "--gpu", paramLabel = "N", converter = Converters.GpuIndex.class,
                description = "Only this GPU (index).")
        Integer gpu;

        @Override
        public Integer call() {
            HostSnapshot s = collect.snapshot();
            List<GpuInfo> hosts = vgpuHosts(s, gpu);
            PrintWriter out = spec.commandLine().getOut();
            for (GpuInfo g : hosts) {
                VgpuHostInfo h = g.vgpuHost().orElseThrow();
                out.println("GPU " + g.index() + "  " + g.name() + "  " + g.uuid());
                out.println("    state         " + h.schedulerState().map(Format::scheduler).orElse(Format.NA));
                out.println("    capabilities  " + h.schedulerCapabilities().map(Format::capabilities).orElse(Format.NA));
                out.println("    vGPUs         " + h.vgpus().size()
                        + (h.vgpus().isEmpty() ? "" : " (the scheduler can only be changed with no vGPU running)"));
            }
            out.flush();
            notReadNormally(s, gpu, spec.commandLine().getErr());
            return Smi4jCli.OK;
        }
    }

    /**
     * On a DEGRADED host, one line on standard error per GPU (of {@code gpu}, or all) that was not read normally, with
     * why: the report itself (a table, JSON, metrics) leaves out a GPU that could not be read.
     */
    static void notReadNormally(HostSnapshot s, Integer gpu, PrintWriter err) {
        for (GpuInfo g : s.gpus()) {
            if ((gpu == null || g.index() == gpu) && g.health().state() != io.smi4j.model.GpuHealth.State.OK) {
                err.println("smi4j: note: GPU " + g.index() + " " + Format.health(g.health()));
            }
        }
        err.flush();
    }

    /** The vGPU-host GPUs of {@code s} ({@code gpu}: only that one); an error when there are none. */
    static List<GpuInfo> vgpuHosts(HostSnapshot s, Integer gpu) {
        List<GpuInfo> hosts = new ArrayList<>();
        for (GpuInfo g : s.gpus()) {
            if ((gpu == null || g.index() == gpu) && g.vgpuHost().isPresent()) {
                hosts.add(g);
            }
        }
        if (!hosts.isEmpty()) {
            return hosts;
        }
        if (gpu == null) {
            throw new CliException(Smi4jCli.FAILURE, "no GPU of " + s.hostName() + " is in vGPU host mode");
        }
        for (GpuInfo g : s.gpus()) {
            if (g.index() == gpu) {
                // a GPU that cannot be read is not known to be anything: say why instead
                throw new CliException(Smi4jCli.FAILURE, g.identified() ? "GPU " + gpu + " is not in vGPU host mode"
                        : "GPU " + gpu + " cannot be read (" + g.health().state().name().toLowerCase(java.util.Locale.ROOT)
                                + "): " + g.health().reason());
            }
        }
        throw new CliException(Smi4jCli.USAGE, "no GPU " + gpu + " (this host has " + s.gpus().size() + " GPUs"
                + (s.gpus().isEmpty() ? "" : ", 0.." + (s.gpus().size() - 1)) + ")");
    }
}
