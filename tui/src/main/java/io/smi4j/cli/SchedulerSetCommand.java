package io.smi4j.cli;

import io.smi4j.collect.GpuReader;
import io.smi4j.control.SchedulerControl;
import io.smi4j.control.SchedulerControlException;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.SchedulerPolicy;
import io.smi4j.model.SchedulerSetState;
import io.smi4j.model.SchedulerState;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.report.Format;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code smi4j vgpu scheduler set}: changes the vGPU scheduler of one GPU, after confirmation. */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = "Change the vGPU scheduler of one GPU: a policy and either a timeslice or ARR with an "
                + "average factor and a frequency; on drivers with the v2 scheduler (nvml.h 13.2+) a policy with "
                + "an optional average factor and frequency, no ARR, no timeslice. Values must lie in the GPU's capability ranges ('get' shows "
                + "them); NVML accepts a change only while no vGPU runs on the GPU. Asks for confirmation "
                + "unless --yes.")
final class SchedulerSetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CollectOptions collect;

    @Option(names = "--gpu", paramLabel = "N", required = true, converter = Converters.GpuIndex.class,
            description = "The GPU (index).")
    int gpu;

    @Option(names = "--policy", paramLabel = "POLICY", required = true, converter = PolicyConverter.class,
            description = "best-effort, equal-share or fixed-share.")
    SchedulerPolicy policy;

    @Option(names = "--timeslice", paramLabel = "DUR", converter = Converters.Duration.class,
            description = "The time slice without ARR, e.g. 2ms.")
    Duration timeslice;

    @Option(names = "--arr", description = "Enable adaptive round-robin (needs --avg-factor and --frequency).")
    boolean arr;

    @Option(names = "--avg-factor", paramLabel = "N", converter = Converters.Uint32.class,
            description = "ARR average factor (v2 scheduler: the average factor, default 0 = the driver's).")
    Long avgFactor;

    @Option(names = "--frequency", paramLabel = "HZ", converter = Converters.Uint32.class,
            description = "ARR scheduling frequency in Hz (v2 scheduler: the frequency, default 0 = the driver's).")
    Long frequency;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    /** Reads POLICY names as written in the docs: {@code best-effort}, {@code equal_share}, ... */
    static final class PolicyConverter implements CommandLine.ITypeConverter<SchedulerPolicy> {
        @Override
        public SchedulerPolicy convert(String value) {
            try {
                return SchedulerPolicy.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() {
        SchedulerSetState request = request();
        try (GpuReader reader = collect.openReader()) {
            HostSnapshot s = collect.requireUsable(reader.read());
            GpuInfo g = VgpuCommand.vgpuHosts(s, gpu).get(0);
            VgpuHostInfo h = g.vgpuHost().orElseThrow();
            PrintWriter out = spec.commandLine().getOut();
            out.println("GPU " + g.index() + "  " + g.name());
            out.println("    now           " + h.schedulerState().map(Format::scheduler).orElse(Format.NA));
            out.println("    change to     " + describe(request));
            out.println("    capabilities  " + h.schedulerCapabilities().map(Format::capabilities).orElse(Format.NA));
            out.flush();
            if (!yes && !confirmed(out)) {
                throw new CliException(Smi4jCli.FAILURE, "scheduler of GPU " + gpu
                        + " not changed: not confirmed (answer y, or pass --yes)");
            }
            Optional<SchedulerState> after;
            try {
                after = SchedulerControl.enabled(reader).set(gpu, request);
            } catch (SchedulerControlException e) {
                throw new CliException(exitCode(e.reason()), CollectOptions.oneLine(e.getMessage()), e);
            }
            out.println("GPU " + gpu + " scheduler is now " + after.map(Format::scheduler).orElse("(could not read it back)"));
            out.flush();
        }
        return Smi4jCli.OK;
    }

    private SchedulerSetState request() {
        if (arr) {
            if (avgFactor == null || frequency == null || timeslice != null) {
                throw new ParameterException(spec.commandLine(),
                        "--arr takes --avg-factor and --frequency, and no --timeslice");
            }
            return SchedulerSetState.withArr(policy, avgFactor, frequency);
        }
        if (timeslice == null) {
            // the v2 scheduler (nvml.h 13.2+): no ARR switch, no timeslice; 0 is the driver's default
            return SchedulerSetState.v2(policy, avgFactor == null ? 0 : avgFactor, frequency == null ? 0 : frequency);
        }
        if (avgFactor != null || frequency != null) {
            throw new ParameterException(spec.commandLine(),
                    "give --timeslice DUR, or --arr with --avg-factor and --frequency (drivers with the v2 "
                            + "scheduler: --avg-factor and --frequency alone)");
        }
        return SchedulerSetState.withTimeslice(policy, timeslice.toNanos() / 1e9);
    }

    private static String describe(SchedulerSetState r) {
        if (r.v2()) {
            return Format.policy(r.policy()) + ", avg factor " + (r.avgFactor() == 0 ? "default" : r.avgFactor())
                    + ", frequency " + (r.frequencyHertz() == 0 ? "default" : r.frequencyHertz() + " Hz");
        }
        return Format.policy(r.policy()) + (r.enableArr()
                ? ", ARR enabled, avg factor " + r.avgFactor() + ", frequency " + r.frequencyHertz() + " Hz"
                : ", timeslice " + Format.millis(r.timesliceSeconds()));
    }

    private static boolean confirmed(PrintWriter out) {
        out.print("Change it? [y/N] ");
        out.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())).readLine();
            return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Values the GPU does not accept are usage errors; refusals of NVML are failures. */
    static int exitCode(SchedulerControlException.Reason reason) {
        return switch (reason) {
            case NO_SUCH_GPU, UNSUPPORTED_POLICY, ARR_NOT_SUPPORTED, NOT_APPLICABLE, OUT_OF_RANGE -> Smi4jCli.USAGE;
            case NVML_UNAVAILABLE -> Smi4jCli.NO_NVIDIA;
            case NOT_VGPU_HOST, VGPUS_RUNNING, RESET_REQUIRED, NO_PERMISSION, NVML_ERROR -> Smi4jCli.FAILURE;
        };
    }
}
