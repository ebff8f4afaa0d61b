package io.smi4j.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import io.smi4j.agent.AgentAnswer;
import io.smi4j.agent.AgentOptions;
import io.smi4j.model.HostStatus;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code smi4j attach}: loads the smi4j agent into a running JVM. */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = "Load the smi4j agent into the running JVM with process id PID (same user, a JDK or JRE "
                + "that allows attaching) and report what the agent did. AGENT_OPTIONS are checked first, then "
                + "passed to the agent as given. A PID that is not an attachable JVM is sent nothing.")
final class AttachCommand implements Callable<Integer> {

    static final String AGENT_JAR = "smi4j-agent.jar";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PID", converter = Converters.Pid.class,
            description = "Process id of the JVM (same user).")
    long pid;

    @Parameters(index = "1", arity = "0..1", paramLabel = "AGENT_OPTIONS", defaultValue = "",
            description = "The agent's options, as for -javaagent:smi4j-agent.jar=OPTIONS: interval=2s, deadline=10s, "
                    + "refresh=10s, jfr=on|off, control=on|off, prometheus=[host:]port, web.config.file=PATH, "
                    + "mock=SCENARIO|FILE, seed=N, library=PATH, micrometer=on|off, otel=on|off, c2=on|off "
                    + "(comma-separated; see the README's agent options).")
    String agentOptions;

    @Option(names = "--agent-jar", paramLabel = "PATH",
            description = "The agent jar (default: smi4j-agent.jar next to the smi4j jar, or jmx/target/ of the "
                    + "source tree).")
    Path agentJar;

    @Override
    public Integer call() {
        checkOptions();
        Path jar = agentJar();
        AttachableJvm.require(pid);
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException | IOException | RuntimeException e) {
            throw new CliException(Smi4jCli.FAILURE, "cannot attach to JVM " + pid + ": "
                    + CollectOptions.oneLine(e.getMessage()), e);
        }
        String answer;
        try {
            vm.loadAgent(jar.toString(), agentOptions.isEmpty() ? null : agentOptions);
            answer = vm.getSystemProperties().getProperty(AgentAnswer.PROPERTY);
        } catch (AgentLoadException | AgentInitializationException | IOException e) {
            throw new CliException(Smi4jCli.FAILURE, "loading " + jar + " into JVM " + pid + " failed: "
                    + CollectOptions.oneLine(e.getMessage()), e);
        } finally {
            try {
                vm.detach();
            } catch (IOException e) {
                // The agent is loaded or not either way; a lost detach changes nothing for the target.
            }
        }
        return report(AgentAnswer.decode(answer).orElseThrow(() -> new CliException(Smi4jCli.FAILURE,
                "loaded " + jar + " into JVM " + pid + " but the agent gave no answer (an smi4j agent of another "
                        + "version, or still starting; see the JVM's standard error)")));
    }

    /** The agent's own parse of the options, and its opening of the collector, before the target is touched. */
    private void checkOptions() {
        AgentOptions options = AgentOptions.parse(agentOptions);
        if (!options.problems().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "bad agent options: " + String.join("; ",
                    options.problems()));
        }
        try {
            options.openReader().close(); // opening touches no NVML: this checks the mock scenario
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "bad agent options: " + e.getMessage());
        }
    }

    /** Says what the agent answered; the exit code follows what now runs in the target. */
    private int report(AgentAnswer a) {
        String in = " in JVM " + pid;
        switch (a.outcome()) {
            case STARTED -> {
                if (a.nvml().isPresent() && !a.nvml().get().usable()) {
                    throw new CliException(Smi4jCli.NO_NVIDIA, "smi4j agent started" + in + ", but NVML is unusable "
                            + "there: " + a.detail());
                }
                spec.commandLine().getOut().println("smi4j agent started" + in + ": " + a.detail());
            }
            case ALREADY_RUNNING -> spec.commandLine().getOut().println("smi4j agent already running" + in
                    + " with these options (" + a.detail() + "); nothing changed");
            case RUNNING_WITH_OTHER_OPTIONS -> throw new CliException(Smi4jCli.FAILURE, "the agent is already running"
                    + in + " with other options (" + a.detail() + "); nothing changed (restart the JVM to change "
                    + "them)");
            case INCOMPLETE -> throw new CliException(Smi4jCli.FAILURE, "smi4j agent started" + in
                    + " but not all of it works: " + a.detail());
            case FAILED -> throw new CliException(Smi4jCli.FAILURE, "smi4j agent failed" + in + ": " + a.detail());
        }
        spec.commandLine().getOut().flush();
        return Smi4jCli.OK;
    }

    private Path agentJar() {
        if (agentJar != null) {
            if (!Files.isRegularFile(agentJar)) {
                throw new CliException(Smi4jCli.FAILURE, "agent jar not found: " + agentJar);
            }
            return agentJar;
        }
        List<Path> tried = new ArrayList<>();
        String property = System.getProperty("smi4j.agent.jar");
        if (property != null && !property.isBlank()) {
            tried.add(Path.of(property));
        }
        try {
            Path here = Path.of(AttachCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // tui/target/smi4j.jar, or tui/target/classes when run from the build
            for (Path dir = here.getParent(); dir != null && tried.size() < 8; dir = dir.getParent()) {
                tried.add(dir.resolve(AGENT_JAR));
                tried.add(dir.resolve("jmx/target").resolve(AGENT_JAR));
            }
        } catch (URISyntaxException | RuntimeException e) {
            // No code source (unusual class loader): only --agent-jar and the property remain.
        }
        for (Path p : tried) {
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new CliException(Smi4jCli.FAILURE, "agent jar " + AGENT_JAR + " not found next to the smi4j jar"
                + " or in jmx/target/ (build it with 'mvn -pl jmx -am package' or pass --agent-jar PATH)");
    }
}
