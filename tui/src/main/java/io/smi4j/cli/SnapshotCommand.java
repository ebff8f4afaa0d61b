package io.smi4j.cli;

import io.smi4j.model.HostSnapshot;
import io.smi4j.prometheus.PrometheusText;
import io.smi4j.report.JsonReport;
import io.smi4j.report.TextReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code smi4j snapshot}: one poll, printed. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Poll once and print the result: a readable report (with the vGPU section on vGPU hosts), "
                + "JSON, or the Prometheus text format. Exit 3 when NVML is unusable (no library, no driver, "
                + "error); JSON and Prometheus output is printed then too.")
final class SnapshotCommand implements Callable<Integer> {

    enum Output { text, json, prometheus }

    @Spec
    CommandSpec spec;

    @Mixin
    CollectOptions collect;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json or prometheus (default: ${DEFAULT-VALUE}).")
    Output format;

    /**
     * Prints the poll; when NVML was unusable, exit 3. JSON and Prometheus output is printed then too
     * (its status field and {@code allsmi_host_nvml_status} say why), so that scripts can read it.
     */
    @Override
    public Integer call() {
        HostSnapshot s = collect.poll();
        if (format == Output.text) {
            collect.requireUsable(s);
        }
        String out = switch (format) {
            case text -> TextReport.render(s);
            case json -> JsonReport.render(s);
            case prometheus -> PrometheusText.render(s);
        };
        spec.commandLine().getOut().print(out);
        spec.commandLine().getOut().flush();
        collect.requireUsable(s);
        return Smi4jCli.OK;
    }
}
