package io.smi4j.agent;

/**
 * The "application" of the agent tests, run in a child JVM: it stays up {@code args[0]}
 * milliseconds (0 when absent), then prints {@link #DONE} and ends normally.
 */
public final class AppMain {

    public static final String DONE = "app: main ran to completion";

    private AppMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        long millis = args.length > 0 ? Long.parseLong(args[0]) : 0;
        Thread.sleep(millis);
        System.out.println(DONE);
    }
}
