package io.smi4j.cli;

import io.smi4j.model.HostSnapshot;
import io.smi4j.report.JsonReport;
import io.smi4j.report.PrometheusReport;
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
                + "JSON, or the Prometheus text format.")
final class SnapshotCommand implements Callable<Integer> {

    enum Output { text, json, prometheus }

    @Spec
    CommandSpec spec;

    @Mixin
    CollectOptions collect;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json or prometheus (default: ${DEFAULT-VALUE}).")
    Output format;

    @Override
    public Integer call() {
        HostSnapshot s = collect.snapshot();
        String out = switch (format) {
            case text -> TextReport.render(s);
            case json -> JsonReport.render(s);
            case prometheus -> PrometheusReport.render(s);
        };
        spec.commandLine().getOut().print(out);
        spec.commandLine().getOut().flush();
        return Smi4jCli.OK;
    }
}
