package io.smi4j.mock;

import io.smi4j.mock.scenario.Scenario;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link Scenario} built in Java as a preset resource ({@code presets/NAME.json} beside this class, listed
 * in {@code presets/presets.txt}): how a preset written as code becomes the file the mock ships. The scenario is
 * taken at the default seed ({@value Scenarios#DEFAULT_SEED}) and the presets' start (2025-11-13T00:00:00Z); other
 * seeds are {@linkplain SeedVariation variations} of the file.
 *
 * <p>{@code PresetWriter DIR NAME CLASS#METHOD [CLASS#METHOD]}: {@code METHOD} is a static method of {@code CLASS}
 * returning a {@link Scenario}, taking nothing, {@code (long seed)} or {@code (long seed, long startUs)}; the
 * optional second one returns the preset's {@link FaultPlan} (no arguments), written as the file's {@code faults}.
 * Through Maven, with the test class path (presets written as test code are found too):
 * <pre>
 * mvn -B -o -q test -pl mock -am -Dtest=PresetResourcesTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dsmi4j.preset.write='my-host=io.smi4j.mock.MyHost#create,io.smi4j.mock.MyHost#faults'
 * </pre>
 */
public final class PresetWriter {

    private PresetWriter() {
    }

    /** Arguments: the presets directory, the name, the scenario method, optionally the fault plan method. */
    public static void main(String[] args) throws IOException {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: PresetWriter DIR NAME CLASS#METHOD [CLASS#METHOD-returning-a-FaultPlan]");
            System.exit(2);
        }
        Path file = write(Path.of(args[0]), args[1], args[2], args.length == 4 ? args[3] : null);
        System.out.println("wrote " + file);
    }

    /**
     * Writes the preset {@code name} made by {@code scenarioMethod} (and {@code faultsMethod}, null: none) into
     * {@code dir}, and adds the name to {@code dir/presets.txt}.
     *
     * @return the file written
     */
    public static Path write(Path dir, String name, String scenarioMethod, String faultsMethod) throws IOException {
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("a preset name is lower case letters, digits and '-', was '" + name
                    + "'");
        }
        Object made = call(scenarioMethod);
        if (!(made instanceof Scenario scenario)) {
            throw new IllegalArgumentException(scenarioMethod + " returned " + made + ", not a Scenario");
        }
        FaultPlan faults = FaultPlan.none();
        if (faultsMethod != null) {
            Object f = call(faultsMethod);
            if (!(f instanceof FaultPlan plan)) {
                throw new IllegalArgumentException(faultsMethod + " returned " + f + ", not a FaultPlan");
            }
            faults = plan;
        }
        Scenario named = new Scenario(name, scenario.driverLoaded(), scenario.driverVersion(), scenario.nvmlVersion(),
                scenario.cudaDriverVersion(), scenario.gpus(), scenario.vgpuDriverCapabilities());
        String text = ScenarioFiles.write(new ScenarioFile(named, faults, Timeline.NONE), Scenarios.DEFAULT_START_US,
                false);
        // what the file says must be the preset: a fault the format has no kind for yet would be lost silently
        ScenarioFile back = ScenarioFiles.parseFile(name + ".json", text.getBytes(StandardCharsets.UTF_8), null);
        if (!back.faults().equals(faults)) {
            throw new IllegalArgumentException(name + ": the file's faults would be " + back.faults() + ", not "
                    + faults + "; add the missing kind to FaultKinds (read and write)");
        }
        if (!back.scenario().equals(named)) {
            throw new IllegalArgumentException(name + ": the scenario does not read back equal from its file");
        }
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Path index = dir.resolve(Scenarios.INDEX);
        List<String> names = new ArrayList<>(Files.exists(index) ? Files.readAllLines(index) : List.of());
        names.removeIf(String::isBlank);
        if (!names.contains(name)) {
            names.add(name);
            Files.write(index, names, StandardCharsets.UTF_8);
        }
        return file;
    }

    private static Object call(String ref) {
        int hash = ref.indexOf('#');
        if (hash < 1) {
            throw new IllegalArgumentException("expected CLASS#METHOD, was '" + ref + "'");
        }
        try {
            Class<?> c = Class.forName(ref.substring(0, hash));
            String m = ref.substring(hash + 1);
            for (Method method : c.getDeclaredMethods()) {
                if (!method.getName().equals(m) || !Modifier.isStatic(method.getModifiers())) {
                    continue;
                }
                Class<?>[] p = method.getParameterTypes();
                method.setAccessible(true);
                if (p.length == 0) {
                    return method.invoke(null);
                }
                if (p.length == 1 && p[0] == long.class) {
                    return method.invoke(null, Scenarios.DEFAULT_SEED);
                }
                if (p.length == 2 && p[0] == long.class && p[1] == long.class) {
                    return method.invoke(null, Scenarios.DEFAULT_SEED, Scenarios.DEFAULT_START_US);
                }
            }
            throw new IllegalArgumentException("no static method " + m + "() or " + m + "(long seed) or " + m
                    + "(long seed, long startUs) in " + c.getName());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no class " + ref.substring(0, hash) + " on the class path");
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("cannot call " + ref + ": " + e.getMessage());
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(ref + " failed: " + e.getCause(), e.getCause());
        }
    }
}
