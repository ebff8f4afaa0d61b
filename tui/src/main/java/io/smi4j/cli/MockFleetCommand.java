package io.smi4j.cli;

import io.smi4j.prometheus.IoFailure;
import io.smi4j.collect.Collector;
import io.smi4j.collect.CollectorOptions;
import io.smi4j.fleet.MockFleet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code smi4j mock-fleet}: many simulated hosts serving /metrics on loopback. */
@Command(name = "mock-fleet", mixinStandardHelpOptions = true,
        description = "Simulate N hosts serving /metrics on 127.0.0.1 ports P..P+N-1, K of them failing on purpose "
                + "(HTTP 503), and write their addresses to a hosts file. Runs until SIGINT/SIGTERM, then exits 0.")
final class MockFleetCommand implements Callable<Integer> {

    /** The most hosts a fleet has. */
    static final int MAX_HOSTS = 10_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--hosts", paramLabel = "N", defaultValue = "10", converter = Converters.FleetHosts.class,
            description = "Hosts, 1..10000 (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--base-port", paramLabel = "P", defaultValue = "9500", converter = Converters.FixedPort.class,
            description = "Port of the first host; P..P+N-1 must lie in 1..65535 (default: ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--scenario", paramLabel = "S", defaultValue = "vgpu-host",
            description = "Mock scenario of every host, a preset or a scenario file (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--failing", paramLabel = "K", defaultValue = "0", converter = Converters.FleetFailing.class,
            description = "Hosts that answer 503, 0..N (default: ${DEFAULT-VALUE}).")
    int failing;

    @Option(names = "--hosts-file", paramLabel = "PATH", defaultValue = "fleet-hosts.txt",
            description = "Where to write one 127.0.0.1:port per line (default: ${DEFAULT-VALUE}).")
    Path hostsFile;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", converter = Converters.Seed.class,
            description = "Seed of host 0, 0 or more; host i uses seed+i (default: ${DEFAULT-VALUE}).")
    long seed;

    /** Every host polls at this interval. */
    @Mixin
    PollInterval poll;

    @Override
    public Integer call() {
        if (basePort + count - 1 > 65535) {
            throw new ParameterException(spec.commandLine(), "ports " + basePort + ".." + (basePort + count - 1)
                    + " are not all in 1..65535 (--base-port must be 1.." + (65536 - count) + " for " + count
                    + " hosts)");
        }
        if (failing > count) {
            throw new ParameterException(spec.commandLine(), "--failing must be 0.." + count + ", was " + failing);
        }
        if (seed > Converters.MAX_SEED - (count - 1)) {
            throw new ParameterException(spec.commandLine(), "--seed must be 0.." + (Converters.MAX_SEED - (count - 1))
                    + " for " + count + " hosts (host i uses seed+i), was " + seed);
        }
        CollectorOptions base = CollectorOptions.defaults().withMock(CollectOptions.requireScenario(spec, scenario));
        // a malformed scenario file is a usage error here, once, not a failure of every host
        try {
            Collector.openReader(base).close();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        MockFleet fleet;
        try {
            fleet = MockFleet.start(count, basePort, failing, poll.interval,
                    i -> Collector.openReader(base.withSeed(seed + i)));
        } catch (IOException e) {
            throw new CliException(Smi4jCli.FAILURE, CollectOptions.oneLine(e.getMessage()), e);
        }
        try {
            fleet.writeHostsFile(hostsFile);
        } catch (IOException e) {
            fleet.close();
            throw new CliException(Smi4jCli.FAILURE, "cannot write the hosts file " + hostsFile + ": " + IoFailure.describe(e), e);
        }
        try (StopSignals stop = StopSignals.install()) {
            spec.commandLine().getOut().println("smi4j mock-fleet: " + count + " " + scenario + " hosts on 127.0.0.1:"
                    + basePort + ".." + (basePort + count - 1) + " (" + failing + " failing), hosts file "
                    + hostsFile.toAbsolutePath() + " (Ctrl-C stops)");
            spec.commandLine().getOut().flush();
            stop.await();
        } finally {
            fleet.close();
        }
        return Smi4jCli.OK;
    }
}
