package io.smi4j.bench;

import io.smi4j.mock.nativelib.NativeMock;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The agent in a host JVM: {@link SmallService} in child JVMs with and without
 * {@code -javaagent:smi4j-agent.jar=mock=vgpu-host-large,interval=1s} (smi4j-mock on the
 * class path), with the agent over the native mock through JNA ({@code library=} the native
 * mock, {@code SMI4J_MOCK_SCENARIO} a script of the same host: a driver's path, no simulation
 * in Java), and the time premain adds to startup from short runs of each. Every child also
 * runs {@link PremainProbe} before and after the agent's place on the command line.
 */
final class AgentOverhead {

    static final String AGENT_OPTIONS = "mock=" + Hosts.LARGE + ",interval=1s";
    /** The same with C2 allowed to compile smi4j's code (the agent keeps it out by default). */
    static final String AGENT_OPTIONS_C2 = AGENT_OPTIONS + ",c2=on";
    /** The native mock's place in the agent options, as {@code library=} takes it. */
    static final String NATIVE_LIBRARY = "mock/target/native/libnvidia-ml.so.1";

    /** One child's figures (see {@link SmallService}). */
    record Run(Map<String, Long> figures, String stderr) {
        long get(String key) {
            Long v = figures.get(key);
            if (v == null) {
                throw new IllegalStateException("the service did not report " + key + "; its stderr: " + stderr);
            }
            return v;
        }
    }

    /**
     * @param premains    the agent's premain (ns) in the short runs, timed by {@link PremainProbe}s
     * @param without     the run without the agent
     * @param with        the run with it
     * @param withC2      the run with it and {@code c2=on}
     * @param withNative  the run with it over the native mock through JNA ({@link #nativeOptions()})
     * @param withoutNative the run without the agent beside {@code withNative}: the two run first, alone
     * @param startupsWithout JVM uptime (ms) at main, short runs without the agent
     * @param startupsWith    the same with the agent
     */
    record Result(int seconds, Run without, Run with, Run withC2, Run withNative, Run withoutNative,
            ColdFloor.Result floor, List<Long> startupsWithout,
            List<Long> startupsWith, List<Long> premains, List<String> command) {
    }

    private final Path root;
    private final String java;

    private final Path probe;
    /** Jackson's classes, which smi4j-mock reads its presets with: beside it on the service's class path. */
    private final String jackson;

    AgentOverhead(Path root) throws IOException {
        this.root = root;
        this.java = ProcessHandle.current().info().command().orElse("java");
        this.probe = probeJar();
        this.jackson = jacksonClassPath();
    }

    /**
     * Jackson (databind, core, annotations) as class path entries: their own jars where the benchmark JVM has them,
     * else (the shaded benchmarks jar) a temporary jar of the {@code com/fasterxml/jackson/} entries of the jar
     * that holds them, so that the service's class path holds nothing of smi4j besides smi4j-mock.
     */
    private static String jacksonClassPath() throws IOException {
        List<Path> sources = new ArrayList<>();
        for (Class<?> c : List.of(com.fasterxml.jackson.databind.ObjectMapper.class,
                com.fasterxml.jackson.core.JsonParser.class, com.fasterxml.jackson.annotation.JsonProperty.class)) {
            try {
                Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (!sources.contains(p)) {
                    sources.add(p);
                }
            } catch (URISyntaxException e) {
                throw new IllegalStateException("where " + c.getName() + " comes from: " + e.getMessage());
            }
        }
        if (sources.stream().allMatch(p -> p.getFileName().toString().startsWith("jackson-"))) {
            return String.join(File.pathSeparator, sources.stream().map(Path::toString).toList());
        }
        Path jar = Files.createTempFile("smi4j-bench-jackson", ".jar");
        jar.toFile().deleteOnExit();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Path source : sources) {
                try (JarFile in = new JarFile(source.toFile())) {
                    for (JarEntry e : Collections.list(in.entries())) {
                        if (e.getName().startsWith("com/fasterxml/jackson/") && !e.isDirectory()) {
                            out.putNextEntry(new JarEntry(e.getName()));
                            try (InputStream data = in.getInputStream(e)) {
                                data.transferTo(out);
                            }
                            out.closeEntry();
                        }
                    }
                }
            }
        }
        return jar.toString();
    }

    /** A jar holding {@link PremainProbe} as its Premain-Class, in a temporary file. */
    private static Path probeJar() throws IOException {
        Path jar = Files.createTempFile("smi4j-bench-probe", ".jar");
        jar.toFile().deleteOnExit();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), PremainProbe.class.getName());
        String entry = PremainProbe.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                InputStream in = PremainProbe.class.getClassLoader().getResourceAsStream(entry)) {
            if (in == null) {
                throw new IllegalStateException(entry + " not on the class path");
            }
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    /** The agent options of the run over the native mock: its library, at the same interval. */
    String nativeOptions() {
        return "library=" + require(root.resolve(NATIVE_LIBRARY)) + ",interval=1s";
    }

    /**
     * The agent over the native mock beside a service without it, the two alone on the machine (the goal's figure:
     * a third and fourth service on two cores, one of them C2 compiling, moved it by tenths of a percent) while this
     * JVM measures the floor under it ({@link ColdFloor}: the same polls' NVML calls from C, once a second); then the
     * three {@code seconds}-long runs over the Java mock side by side; then {@code startups} short runs without and
     * with, alternating.
     */
    Result measure(int seconds, int startups) throws InterruptedException {
        Path script = nativeScript();
        ColdFloor.Result floor;
        Run runWithoutNative;
        Run runWithNative;
        try (ColdFloor cold = ColdFloor.prepare()) {
            Child withoutNative = start(null, seconds);
            Child withNative = start(nativeOptions(), seconds, script);
            // in this JVM meanwhile: the same polls' NVML calls from C, once a second over the same minute
            floor = cold.run(seconds, Math.max(2, Math.min(10, seconds / 6)));
            runWithoutNative = finish(withoutNative);
            runWithNative = finish(withNative);
        }
        Child without = start(null, seconds);
        Child with = start(AGENT_OPTIONS, seconds);
        Child withC2 = start(AGENT_OPTIONS_C2, seconds);
        Run runWithout = finish(without);
        Run runWith = finish(with);
        Run runWithC2 = finish(withC2);
        List<Long> startWithout = new ArrayList<>();
        List<Long> startWith = new ArrayList<>();
        List<Long> premains = new ArrayList<>();
        for (int i = 0; i < startups; i++) {
            startWithout.add(finish(start(null, 0)).get("startupMs"));
            Run run = finish(start(AGENT_OPTIONS, 0));
            startWith.add(run.get("startupMs"));
            premains.add(run.get("premainNs"));
        }
        return new Result(seconds, runWithout, runWith, runWithC2, runWithNative, runWithoutNative, floor, startWithout,
                startWith, premains,
                command(AGENT_OPTIONS, seconds));
    }

    /** The service's command line, with the agent and {@code agentOptions} unless they are null. */
    List<String> command(String agentOptions, int seconds) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-Xmx256m");
        cmd.add("-javaagent:" + probe + "=before");
        if (agentOptions != null) {
            cmd.add("-javaagent:" + require(root.resolve("jmx/target/smi4j-agent.jar")) + "=" + agentOptions);
        }
        cmd.add("-javaagent:" + probe + "=after");
        cmd.add("-cp");
        cmd.add(require(root.resolve("bench/target/classes")) + File.pathSeparator + mockJar() + File.pathSeparator
                + jackson);
        cmd.add(SmallService.class.getName());
        cmd.add(Integer.toString(seconds));
        return cmd;
    }

    /** A running service; its stderr goes to a file so a chatty agent can never block it. */
    private record Child(Process process, Path stderr) {
    }

    /** {@code vgpu-host-large} as the native mock's script, in a temporary file. */
    private static Path nativeScript() {
        try {
            Path script = Files.createTempFile("smi4j-bench-host", ".script");
            script.toFile().deleteOnExit();
            Files.writeString(script, NativeMock.script(Hosts.scenario(Hosts.LARGE)));
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Child start(String agentOptions, int seconds) {
        return start(agentOptions, seconds, null);
    }

    /** A service; with {@code script}, the native mock reads its host from it ({@code SMI4J_MOCK_SCENARIO}). */
    private Child start(String agentOptions, int seconds, Path script) {
        try {
            Path err = Files.createTempFile("smi4j-bench-service", ".err");
            ProcessBuilder b = new ProcessBuilder(command(agentOptions, seconds)).redirectError(err.toFile());
            if (script != null) {
                b.environment().put("SMI4J_MOCK_SCENARIO", script.toString());
            }
            Process p = b.start();
            return new Child(p, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Run finish(Child child) throws InterruptedException {
        Process p = child.process();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            String err = Files.readString(child.stderr());
            Files.delete(child.stderr());
            if (exit != 0) {
                throw new IllegalStateException("the service failed (exit " + p.exitValue() + "): " + err);
            }
            Map<String, Long> figures = new HashMap<>();
            for (String item : out.strip().split("\\s+")) {
                int eq = item.indexOf('=');
                if (eq > 0) {
                    figures.put(item.substring(0, eq), Long.parseLong(item.substring(eq + 1)));
                }
            }
            return new Run(figures, err.strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String mockJar() {
        try (Stream<Path> files = Files.list(require(root.resolve("mock/target")))) {
            return files.map(Path::toString)
                    .filter(f -> f.matches(".*/smi4j-mock-[^/]*\\.jar") && !f.endsWith("-tests.jar")
                            && !f.endsWith("-sources.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no smi4j-mock jar in " + root.resolve("mock/target")
                            + " (mvn -B -q -DskipTests package)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path require(Path p) {
        if (!Files.exists(p)) {
            throw new IllegalStateException(p + " missing (mvn -B -q -DskipTests package)");
        }
        return p;
    }
}
