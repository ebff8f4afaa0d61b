package io.smi4j.cli;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import io.smi4j.collect.GpuReader;
import io.smi4j.collect.Poller;
import io.smi4j.dashboard.Dashboard;
import io.smi4j.dashboard.Frames;
import io.smi4j.dashboard.ViewState;
import io.smi4j.model.HostSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code smi4j view}: the full-screen dashboard. */
@Command(name = "view", mixinStandardHelpOptions = true,
        description = "The full-screen dashboard of this host (NVML, or the mock): GPUs, vGPUs and the vGPU "
                + "scheduler, processes, MIG. Keys: Tab/1-3 tabs, arrows select, Enter folds, u/m/i sort, ? help, "
                + "q quits.")
final class ViewCommand implements Callable<Integer> {

    enum StartTab { gpus, vgpu, processes }

    /** The most polls {@code --dump} takes. */
    static final int MAX_POLLS = 100_000;

    @Spec
    CommandSpec spec;

    @Mixin
    CollectOptions collect;

    @Mixin
    PollInterval poll;

    @Mixin
    PollerOptions pollerOptions;

    @Option(names = "--tab", paramLabel = "TAB", defaultValue = "gpus",
            description = "The tab to start on: gpus, vgpu or processes (default: ${DEFAULT-VALUE}).")
    StartTab tab;

    @Option(names = "--dump", description = "Print one frame as text and exit, no terminal needed.")
    boolean dump;

    @Option(names = "--size", paramLabel = "COLSxROWS", defaultValue = "200x60", converter = Converters.Size.class,
            description = "The frame size for --dump, each side 1..1000 (default: ${DEFAULT-VALUE}).")
    TerminalSize size;

    @Option(names = "--polls", paramLabel = "N", defaultValue = "1", converter = Converters.Polls.class,
            description = "For --dump: polls to take first, filling the history, 1..100000 (default: "
                    + "${DEFAULT-VALUE}).")
    int polls;

    @Override
    public Integer call() throws IOException {
        ViewState state = new ViewState(switch (tab) {
            case gpus -> ViewState.Tab.GPUS;
            case vgpu -> ViewState.Tab.VGPU;
            case processes -> ViewState.Tab.PROCESSES;
        });
        if (dump) {
            return dump(state);
        }
        if (System.console() == null) {
            throw new CliException(Smi4jCli.FAILURE,
                    "view needs an interactive terminal (for text output use 'smi4j snapshot' or 'smi4j view --dump')");
        }
        try (Poller poller = collect.startPoller(poll.interval, pollerOptions); StopSignals stop = StopSignals.install()) {
            HeldLogs logs = new HeldLogs();
            try (Terminal terminal = new DefaultTerminalFactory(System.out, System.in, StandardCharsets.UTF_8)
                    .setForceTextTerminal(true)
                    .setUnixTerminalCtrlCBehaviour(UnixLikeTerminal.CtrlCBehaviour.TRAP)
                    .createTerminal()) {
                new Dashboard(poller::latest, collect.source()).run(terminal, state, stop::requested);
            } finally {
                logs.close();
            }
        }
        return Smi4jCli.OK;
    }

    /** One frame after {@code polls} polls; printed also when NVML is unusable (the header says so), then exit 3. */
    private int dump(ViewState state) {
        HostSnapshot last = null;
        try (GpuReader reader = collect.openReader()) {
            for (int i = 0; i < polls; i++) {
                last = reader.read();
                state.history().observe(last);
            }
        }
        spec.commandLine().getOut().print(Frames.text(last, state, size));
        spec.commandLine().getOut().flush();
        collect.requireUsable(last);
        return Smi4jCli.OK;
    }
}
