package io.smi4j.nvml;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;

/**
 * The 13.3 ABI oracle, run in a child JVM by {@link LayoutsOracleTest}: answers each line of the layout probe
 * ({@code SIZE cls ctype}, {@code OFF cls name ctype member}, {@code VAL cls name expression}) with
 * {@code Class.CONSTANT value} from JavaCPP's compilation of NVIDIA's nvml.h 13.3 ({@code org.bytedeco:cuda}), or
 * {@code Class.CONSTANT ? reason} when the oracle has no such thing.
 *
 * <p>Arguments: the stub {@code libcuda.so.1}, a real {@code libnvidia-ml.so.1} (the presets link to both; nothing
 * in them is called), the file of probe lines.
 */
public final class AbiOracle {

    private static final String STRUCTS = "org.bytedeco.cuda.nvml.";

    private AbiOracle() {
    }

    public static void main(String[] args) throws Exception {
        System.load(Path.of(args[0]).toAbsolutePath().toString());
        System.load(Path.of(args[1]).toAbsolutePath().toString());
        Class<?> constants = Class.forName("org.bytedeco.cuda.global.nvml");
        Loader.load(constants);
        StringBuilder out = new StringBuilder();
        for (String line : Files.readAllLines(Path.of(args[2]))) {
            String[] f = line.split(" ", 4);
            String key = f[1] + "." + (f[0].equals("SIZE") ? "SIZE" : f[2]);
            String answer;
            try {
                answer = switch (f[0]) {
                    case "SIZE" -> Long.toString(Loader.sizeof(struct(f[2])));
                    case "OFF" -> Long.toString(offset(struct(f[3].split(" ")[0]), f[3].split(" ")[1]));
                    default -> constant(constants, f[3]);
                };
            } catch (ReflectiveOperationException | RuntimeException e) {
                answer = "? " + e;
            }
            out.append(key).append(' ').append(answer).append('\n');
        }
        System.out.print(out);
    }

    /** The JavaCPP class of C type {@code ctype}; a type the header declares under two names has its versioned one. */
    static Class<? extends Pointer> struct(String ctype) throws ClassNotFoundException {
        String name = ctype.equals("nvmlProcessInfo_t") ? "nvmlProcessInfo_v2_t" : ctype; // one struct, two names
        return Class.forName(STRUCTS + name).asSubclass(Pointer.class);
    }

    /** {@code member}'s offset; {@code a.b} inside a named member struct is the offset of {@code a} plus {@code b}'s. */
    static long offset(Class<? extends Pointer> type, String member) throws ReflectiveOperationException {
        try {
            return Loader.offsetof(type, member); // also anonymous members, by their dotted names
        } catch (NullPointerException unknown) {
            int dot = member.indexOf('.');
            if (dot < 0) {
                throw new NoSuchFieldException(type.getSimpleName() + "." + member);
            }
            String head = member.substring(0, dot);
            Method getter = type.getMethod(head);
            return Loader.offsetof(type, head) + offset(getter.getReturnType().asSubclass(Pointer.class),
                    member.substring(dot + 1));
        }
    }

    /** A constant the probe takes from the header by name; an expression (a sizeof) is not the oracle's. */
    static String constant(Class<?> constants, String expression) throws ReflectiveOperationException {
        if (!expression.matches("\\w+")) {
            return "? an expression, not a constant";
        }
        try {
            Field f = constants.getField(expression);
            return Long.toString(((Number) f.get(null)).longValue());
        } catch (NoSuchFieldException notAField) {
            Method m = constants.getMethod(expression); // NVML_STRUCT_VERSION macros become functions
            return Long.toString(((Number) m.invoke(null)).longValue());
        }
    }
}
