package io.smi4j.agent;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.management.ObjectName;

/**
 * Keeps smi4j's own code ({@code io.smi4j.*}) out of HotSpot's C2 compiler in the host JVM, with a compiler
 * directive added through the {@code DiagnosticCommand} MBean ({@code jcmd PID Compiler.directives_add}).
 * The agent's code runs once per poll: it reaches C2's thresholds only over minutes, and C2 compiling it
 * then costs far more CPU than its faster code ever saves (bench/README.md, section 5: C2 took 550 of the
 * 630 ms the agent cost in the second half of its first minute). Excluded from C2, tiered compilation
 * compiles those methods with C1 alone. Only methods of {@code io/smi4j/} classes match; the
 * application's code and the JDK's are compiled as before. {@code jcmd PID Compiler.directives_print}
 * shows the directive; agent option {@code c2=on} leaves it out.
 */
final class CompilerDirective {

    /** The directive, in HotSpot's compiler directives format. */
    static final String DIRECTIVE = "[ { match: \"io/smi4j/*.*\", c2: { Exclude: true } } ]\n";

    private CompilerDirective() {
    }

    /** Adds {@link #DIRECTIVE}; empty when done, else why not (one line: another JVM, no such command). */
    static Optional<String> keepOutOfC2() {
        Path file = null;
        try {
            file = Files.createTempFile("smi4j-compiler-directive", ".json");
            Files.writeString(file, DIRECTIVE, StandardCharsets.UTF_8);
            Object answer = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
            String text = String.valueOf(answer).strip();
            return text.startsWith("1 compiler directives added") ? Optional.empty()
                    : Optional.of(text.lines().findFirst().orElse("no answer"));
        } catch (Exception | LinkageError e) {
            return Optional.of(e.toString().lines().findFirst().orElse(e.getClass().getName()));
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (Exception e) {
                    // a temporary file left behind harms no one
                }
            }
        }
    }
}
