package io.smi4j.agent;

import java.lang.management.ManagementFactory;

/**
 * The "application" of the agent tests, run in a child JVM: it stays up {@code args[0]}
 * milliseconds (0 when absent), and when it runs with {@code -javaagent} at least until the agent
 * has published its answer ({@link AgentAnswer#PROPERTY}, at most 20 s more), so that a loaded machine
 * cannot end main before the agent has said what it says; then it prints {@link #DONE} and ends normally.
 */
public final class AppMain {

    public static final String DONE = "app: main ran to completion";

    private AppMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        long millis = args.length > 0 ? Long.parseLong(args[0]) : 0;
        Thread.sleep(millis);
        boolean agent = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-javaagent:"));
        long until = System.nanoTime() + 20_000_000_000L;
        while (agent && System.getProperty(AgentAnswer.PROPERTY) == null && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        System.out.println(DONE);
    }
}
