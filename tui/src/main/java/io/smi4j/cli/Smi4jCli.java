package io.smi4j.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code smi4j}: the command line. Exit codes: {@value #OK} ok (also a long-running command
 * stopped by SIGINT or SIGTERM), {@value #FAILURE} failure, {@value #USAGE} usage error,
 * {@value #NO_NVIDIA} NVML unusable (no library, no driver, or an error). Every error is one
 * line on stderr.
 */
@Command(name = "smi4j", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "NVIDIA GPU and vGPU telemetry: dashboard, Prometheus exporter, snapshots, JVM agent.",
        subcommands = {ViewCommand.class, ApiCommand.class, SnapshotCommand.class, AttachCommand.class,
                VgpuCommand.class, MockFleetCommand.class, RecordCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok; also api, view and mock-fleet stopped by SIGINT/SIGTERM",
                "1:failure (one line on stderr says which)",
                "2:usage error: unknown command or option, a malformed value or one outside its range",
                "3:NVML unusable: no NVIDIA library, no driver, or NVML failing (try --mock SCENARIO)"})
public final class Smi4jCli implements Runnable {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int NO_NVIDIA = 3;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "missing command (view, api, snapshot, attach, vgpu, mock-fleet)");
    }

    public static void main(String[] args) {
        System.exit(execute(System.out, System.err, args));
    }

    /** Runs one command line with the given streams; returns the exit code. */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        PrintWriter outWriter = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CommandLine cli = new CommandLine(new Smi4jCli())
                .setOut(outWriter)
                .setErr(errWriter)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setDefaultValueProvider(PollInterval.DEFAULT)
                .setParameterExceptionHandler((e, a) -> {
                    String command = e.getCommandLine().getCommandSpec().qualifiedName();
                    errWriter.println("smi4j: " + CollectOptions.oneLine(e.getMessage()) + " (see '" + command
                            + " --help')");
                    return USAGE;
                })
                .setExecutionExceptionHandler((e, c, r) -> {
                    if (e instanceof CliException ce) {
                        errWriter.println("smi4j: " + CollectOptions.oneLine(ce.getMessage()));
                        return ce.exitCode();
                    }
                    errWriter.println("smi4j: " + e.getClass().getSimpleName() + ": "
                            + CollectOptions.oneLine(e.getMessage()));
                    return FAILURE;
                });
        cli.setExitCodeExceptionMapper(e -> e instanceof CliException ce ? ce.exitCode() : FAILURE);
        int code = cli.execute(args);
        outWriter.flush();
        errWriter.flush();
        return code;
    }
}
