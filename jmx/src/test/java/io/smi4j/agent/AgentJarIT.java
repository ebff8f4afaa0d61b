package io.smi4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The agent jar shares the application's class path: what it brings must not collide with the application's. */
class AgentJarIT {

    @Test
    void theAgentJarCarriesNoThirdPartyClassOutsideIoSmi4jButJna() throws Exception {
        TreeSet<String> foreign = new TreeSet<>();
        TreeSet<String> relocated = new TreeSet<>();
        try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
            jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).forEach(n -> {
                if (n.startsWith("io/smi4j/internal/")) {
                    relocated.add(n.substring("io/smi4j/internal/".length(), n.indexOf('/', "io/smi4j/internal/".length())));
                } else if (!n.startsWith("io/smi4j/") && !n.startsWith("com/sun/jna/")) {
                    foreign.add(n);
                }
            });
        }
        assertEquals(new TreeSet<>(), foreign);
        // WebConfig's YAML parser and bcrypt, moved out of the way of the application's own copies
        assertEquals(new TreeSet<>(List.of("crypto", "snakeyaml")), relocated);
    }
}
