package io.smi4j.agent;

import io.smi4j.testing.NvmlSdk;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real second JVM for the ITs: the built agent jar, the mock and the test classes on its class path. */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ChildJvm(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The agent jar the build made (skipped, failed under CI, when missing). */
    public static Path agentJar() {
        return NvmlSdk.requireBuilt("smi4j.agent.jar", "the agent jar");
    }

    /**
     * The application class path: the test classes (AppMain, the test scenario provider), smi4j-mock and the Jackson
     * it reads its preset files with.
     */
    public static String classPath() {
        return location(AppMain.class) + File.pathSeparator + location(io.smi4j.mock.MockNvml.class)
                + File.pathSeparator + location(com.fasterxml.jackson.databind.ObjectMapper.class)
                + File.pathSeparator + location(com.fasterxml.jackson.core.JsonParser.class)
                + File.pathSeparator + location(com.fasterxml.jackson.annotation.JsonProperty.class);
    }

    /** Where {@code c} was loaded from, for class paths of child JVMs. */
    public static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts {@code java jvmArgs... -cp classPath() mainClass args...}. */
    public static ChildJvm start(List<String> jvmArgs, String mainClass, String... args) throws IOException {
        return startWithClassPath(jvmArgs, classPath(), mainClass, args);
    }

    /** Starts {@code java jvmArgs... -cp classPath mainClass args...}. */
    public static ChildJvm startWithClassPath(List<String> jvmArgs, String classPath, String mainClass,
            String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xshare:auto");
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(List.of(args));
        Path out = Files.createTempFile("smi4j-child", ".out");
        Path err = Files.createTempFile("smi4j-child", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new ChildJvm(p, out, err);
    }

    /** Waits for the JVM to end; its exit code. */
    public int waitFor(long seconds) throws InterruptedException, IOException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM still running after " + seconds + " s; stderr: " + stderr());
        }
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    public String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** The agent's lines on standard error. */
    public List<String> agentLines() throws IOException {
        return stderr().lines().filter(l -> l.startsWith("smi4j-agent: ")).toList();
    }

    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A port free a moment ago on the loopback interface, never one this JVM handed out before (two calls in a
     * row may otherwise get the same port back from the kernel, and a test's two listeners then collide).
     */
    public static int freePort() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
    }
}
