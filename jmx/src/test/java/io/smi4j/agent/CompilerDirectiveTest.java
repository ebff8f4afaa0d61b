package io.smi4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class CompilerDirectiveTest {

    private static String printed() throws Exception {
        return String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
                new Object[] {new String[0]}, new String[] {String[].class.getName()}));
    }

    @Test
    void theDirectiveExcludesOnlySmi4jsClassesFromC2InThisJvm() throws Exception {
        assertEquals(Optional.empty(), CompilerDirective.keepOutOfC2());
        String directives = printed();
        int ours = directives.indexOf("matching: io/smi4j/*.*");
        assertTrue(ours >= 0, directives);
        String c2 = directives.substring(directives.indexOf("c2 directives:", ours));
        assertTrue(c2.substring(0, c2.indexOf('\n', c2.indexOf("Exclude:"))).contains("Exclude:true"), directives);
        String fallback = directives.substring(directives.indexOf("matching: *.*"));
        assertTrue(fallback.contains("Exclude:false") && !fallback.contains("Exclude:true"),
                "everything else compiles as before: " + fallback);
    }
}
