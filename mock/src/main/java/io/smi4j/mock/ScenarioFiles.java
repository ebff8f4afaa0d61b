package io.smi4j.mock;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smi4j.mock.scenario.Scenario;
import io.smi4j.mock.scenario.SimVgpu;
import io.smi4j.mock.scenario.SimVgpuHost;
import io.smi4j.mock.scenario.SimVgpuType;
import io.smi4j.model.VirtualizationMode;
import io.smi4j.nvml.LicenseExpiry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Scenario files: a {@link Scenario} as JSON, schema {@value #SCHEMA}, read and written here.
 *
 * <h2>Format</h2>
 * One object: {@code "schema": "smi4j.scenario/1"}, {@code "start"} (optional, an ISO-8601 instant: the time the
 * file's timestamps were taken at), then the {@link Scenario}'s components by their names ({@code name},
 * {@code driverLoaded}, {@code driverVersion}, {@code nvmlVersion}, {@code cudaDriverVersion}, {@code gpus}), and so
 * on down: every record of {@code io.smi4j.mock.scenario} and the NVML value records it holds is an object whose
 * keys are the record's component names. Whole numbers are JSON integers (unsigned 32-bit ids such as vGPU
 * instance ids as their positive value), fractions are JSON numbers ({@code NaN} and infinities as the strings
 * {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}), enums are their constant names ({@code "HOST_VGPU"}),
 * an absent {@code Optional} is {@code null} or a missing key, a missing list is empty, a missing scheduler log
 * entry {@code weight} (added with the v2 scheduler log) is -1. Every other key is required; an unknown key is an error (a typo must not silently become a default).
 *
 * <p>The mapping follows the records by reflection, so a component added to a scenario record (a fault plan, vGPU
 * placements) is in the format at once; add it as an {@code Optional} or a {@code List} so older files still read,
 * and raise the schema version only when a meaning changes. Top-level keys {@code timeline} and {@code faults}
 * are reserved for what changes per poll and for injected NVML errors.
 *
 * <h2>Time</h2>
 * A replayed host's timestamps (scheduler log {@code timestampNs}, utilization sample {@code timestampUs},
 * accounting {@code startTimeNs}, licence expiry) are moved by (replay start - {@code start}), so they keep
 * their distance from the first poll: the replay says what the recorded host said, as recent as it was then.
 *
 * <h2>Errors</h2>
 * {@link ScenarioFileException}: one line naming the file, the JSON path ({@code $.gpus[0].memory.totalBytes})
 * and what was expected there.
 */
public final class ScenarioFiles {

    /** The schema this version reads and writes. */
    public static final String SCHEMA = "smi4j.scenario/1";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** Keys of the file's top object that are not components of {@link Scenario}. */
    private static final Set<String> ENVELOPE = Set.of("schema", "start", "faults", "timeline");

    /** Record components holding times, shifted on replay; all others are kept as written. */
    private static final Map<String, Long> TIME_FIELDS_PER_US = Map.of(
            "timestampNs", 1000L, "startTimeNs", 1000L, "timestampUs", 1L);

    /**
     * Scalar components added after files of schema 1 were written, by record and name, with the value a file
     * without them means: a scheduler log entry's {@code weight} (nvml.h 13.2's v2 log) is "not available".
     */
    private static final Map<String, Object> ADDED_SCALARS = Map.of("SchedulerLogEntry.weight", -1L);

    private ScenarioFiles() {
    }

    /** {@code scenario} as a file's text; its timestamps taken at {@code startUs} (microseconds since the epoch). */
    public static String write(Scenario scenario, long startUs) {
        return write(scenario, startUs, false);
    }

    /**
     * {@code scenario} as a file's text, {@code anonymize}d: the host name, VM ids, GPU, MIG and vGPU UUIDs, PIDs
     * and process names replaced by placeholders, the same value always by the same placeholder (a PID in a vGPU's
     * accounting and in its process samples stays one PID), so the file still shows what belongs together.
     */
    public static String write(Scenario scenario, long startUs, boolean anonymize) {
        return write(ScenarioFile.of(scenario), startUs, anonymize);
    }

    /**
     * A whole file's text: the host, then its {@code faults} and {@code timeline} when it has them, {@code
     * anonymize}d as {@link #write(Scenario, long, boolean)} says (the timeline's values with the same placeholders).
     */
    public static String write(ScenarioFile file, long startUs, boolean anonymize) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("schema", SCHEMA);
        root.put("start", Instant.EPOCH.plus(startUs, ChronoUnit.MICROS).toString());
        ObjectNode body = (ObjectNode) toJson(file.scenario());
        Anonymizer anonymizer = anonymize ? new Anonymizer() : null;
        if (anonymize) {
            anonymizer.object(body, "");
            body.put("name", "host");
        }
        root.setAll(body);
        if (!file.faults().equals(FaultPlan.none())) {
            root.set("faults", FaultKinds.write(file.faults()));
        }
        if (!file.timeline().isEmpty()) {
            ArrayNode steps = root.putArray("timeline");
            for (Timeline.Step step : file.timeline().steps()) {
                ObjectNode o = steps.addObject();
                o.put("poll", step.poll());
                ObjectNode changes = o.putObject("changes");
                step.changes().forEach((path, value) -> changes.set(path,
                        anonymizer == null ? value : anonymizer.value(path, value.deepCopy())));
            }
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a scenario as JSON", e);
        }
    }

    /** Writes {@code scenario} to {@code file}. */
    public static void write(Scenario scenario, long startUs, Path file) throws IOException {
        Files.writeString(file, write(scenario, startUs));
    }

    /** The scenario in {@code file}, its times as written. */
    public static Scenario read(Path file) {
        return read(file, null);
    }

    /**
     * The scenario in {@code file}, its times moved to start at {@code startUs} (null: as written).
     *
     * @throws ScenarioFileException one line: the file, the JSON path, what was expected
     */
    public static Scenario read(Path file, Long startUs) {
        return readFile(file, startUs).scenario();
    }

    /** The scenario in a class-path resource (shipped examples). */
    public static Scenario readResource(String resource, Long startUs) {
        return readResourceFile(resource, startUs).scenario();
    }

    /** Parses {@code bytes}, naming {@code source} in errors. */
    public static Scenario parse(String source, byte[] bytes, Long startUs) {
        return parseFile(source, bytes, startUs).scenario();
    }

    /**
     * Everything in {@code file}: the host, its faults and its timeline, times moved to start at {@code startUs}
     * (null: as written).
     *
     * @throws ScenarioFileException one line: the file, the JSON path, what was expected
     */
    public static ScenarioFile readFile(Path file, Long startUs) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ScenarioFileException(file + ": no such scenario file");
        } catch (IOException e) {
            throw new ScenarioFileException(file + ": cannot read it (" + e.getMessage() + ")");
        }
        return parseFile(file.toString(), bytes, startUs);
    }

    /** Everything in a class-path resource (the presets). */
    public static ScenarioFile readResourceFile(String resource, Long startUs) {
        try (InputStream in = ScenarioFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ScenarioFileException(resource + ": no such resource");
            }
            return parseFile(resource, in.readAllBytes(), startUs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a whole file from {@code bytes}, naming {@code source} in errors. */
    public static ScenarioFile parseFile(String source, byte[] bytes, Long startUs) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            String where = e.getProcessor() instanceof JsonParser p ? path(p.getParsingContext().pathAsPointer()) : "$";
            String line = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new ScenarioFileException(source + ": at " + where + line + ": not valid JSON: "
                    + e.getOriginalMessage().lines().findFirst().orElse("").replaceAll(" \\(start marker at .*$", ""));
        } catch (IOException e) {
            throw new ScenarioFileException(source + ": cannot read it (" + e.getMessage() + ")");
        }
        try {
            return fromRoot(root, startUs);
        } catch (Bad b) {
            throw new ScenarioFileException(source + ": at " + b.path + ": " + b.getMessage());
        }
    }

    // ---- reading ----

    private static ScenarioFile fromRoot(JsonNode root, Long startUs) {
        if (root == null || !root.isObject()) {
            throw new Bad("$", "expected an object with \"schema\": \"" + SCHEMA + "\", got " + kind(root));
        }
        JsonNode schema = root.get("schema");
        if (schema == null || !schema.isTextual() || !schema.asText().equals(SCHEMA)) {
            throw new Bad("$.schema", "expected \"" + SCHEMA + "\", got " + (schema == null ? "nothing" : schema));
        }
        long shiftUs = 0;
        JsonNode start = root.get("start");
        if (start != null && !start.isNull()) {
            if (!start.isTextual()) {
                throw new Bad("$.start", "expected an ISO-8601 instant such as \"2025-11-13T00:00:00Z\", got " + start);
            }
            try {
                Instant written = Instant.parse(start.asText());
                if (startUs != null) {
                    shiftUs = startUs - ChronoUnit.MICROS.between(Instant.EPOCH, written);
                }
            } catch (DateTimeParseException e) {
                throw new Bad("$.start", "expected an ISO-8601 instant such as \"2025-11-13T00:00:00Z\", got " + start);
            }
        }
        ObjectNode body = ((ObjectNode) root).deepCopy();
        ENVELOPE.forEach(body::remove);
        Scenario s = body(body, shiftUs, "$");
        FaultPlan faults = FaultKinds.read(root.get("faults"), "$.faults", s.gpus().size());
        Timeline timeline = timeline(root.get("timeline"), body, shiftUs);
        return new ScenarioFile(s, faults, timeline);
    }

    /** The scenario a file's body (without the envelope) holds, its times moved by {@code shiftUs}. */
    static Scenario body(ObjectNode body, long shiftUs, String path) {
        Scenario s = (Scenario) read(body, Scenario.class, path, new Reader(shiftUs));
        check(s);
        return s;
    }

    /**
     * The file's timeline. Every change is applied once here and its value read as the type at its path, and the
     * host after the last step is read whole, so a bad path or value is an error now, not at a later poll.
     */
    private static Timeline timeline(JsonNode node, ObjectNode body, long shiftUs) {
        if (node == null || node.isNull()) {
            return Timeline.NONE;
        }
        if (!node.isArray()) {
            throw new Bad("$.timeline", "expected an array of {\"poll\": N, \"changes\": {PATH: VALUE}}, got "
                    + kind(node));
        }
        List<Timeline.Step> steps = new ArrayList<>(node.size());
        ObjectNode state = body.deepCopy();
        long last = 1;
        for (int i = 0; i < node.size(); i++) {
            String at = "$.timeline[" + i + "]";
            JsonNode step = node.get(i);
            if (!step.isObject()) {
                throw new Bad(at, "expected an object with [poll, changes], got " + kind(step));
            }
            for (Iterator<String> it = step.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!key.equals("poll") && !key.equals("changes")) {
                    throw new Bad(at + "." + key, "unknown key; expected one of [poll, changes]");
                }
            }
            long poll = (long) read(step.get("poll"), long.class, at + ".poll", new Reader(0));
            if (poll <= last) {
                throw new Bad(at + ".poll", "expected a poll after " + last + " (poll 1 is the file's body; steps "
                        + "ascend), got " + poll);
            }
            last = poll;
            JsonNode changes = step.get("changes");
            if (changes == null || !changes.isObject()) {
                throw new Bad(at + ".changes", "expected an object of PATH: VALUE, e.g. {\"gpus[0].temperatureC\": "
                        + "64}, got " + kind(changes));
            }
            java.util.LinkedHashMap<String, JsonNode> m = new java.util.LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String where = at + ".changes[\"" + e.getKey() + "\"]";
                Timelines.set(state, e.getKey(), e.getValue(), where);
                read(e.getValue(), typeAt(e.getKey(), where), where, new Reader(0));
                m.put(e.getKey(), e.getValue());
            }
            steps.add(new Timeline.Step(poll, m));
        }
        try {
            body(state, shiftUs, "$");
        } catch (Bad b) {
            throw new Bad("$.timeline (the host after poll " + last + ") " + b.path, b.getMessage());
        }
        return new Timeline(steps, body, shiftUs);
    }

    /** The type of what a timeline path names: a component, a list element, a list to append to, a count to drop. */
    private static Type typeAt(String path, String where) {
        Type t = Scenario.class;
        for (String segment : path.split("\\.")) {
            String name = segment.replaceAll("\\[.*$", "");
            Class<?> c = (Class<?>) (t instanceof ParameterizedType p ? p.getRawType() : t);
            Type next = null;
            for (RecordComponent rc : SHAPES.get(c).comps()) {
                if (rc.getName().equals(name)) {
                    next = rc.getGenericType();
                }
            }
            if (next == null) {
                throw new Bad(where, "'" + name + "' is not a key of " + c.getSimpleName() + " (" + path + ")");
            }
            t = unwrapOptional(next);
            if (segment.endsWith("[-]")) {
                return int.class;
            }
            if (segment.endsWith("[+]")) {
                return t;
            }
            for (int i = segment.indexOf('['); i >= 0; i = segment.indexOf('[', i + 1)) {
                t = unwrapOptional(((ParameterizedType) t).getActualTypeArguments()[0]);
            }
        }
        return t;
    }

    private static Type unwrapOptional(Type t) {
        return t instanceof ParameterizedType p && p.getRawType() == Optional.class ? p.getActualTypeArguments()[0] : t;
    }

    /** What the types alone do not say: references between parts, which the simulation relies on. */
    private static void check(Scenario s) {
        for (int g = 0; g < s.gpus().size(); g++) {
            var gpu = s.gpus().get(g);
            String at = "$.gpus[" + g + "]";
            boolean host = gpu.virtualizationMode() == VirtualizationMode.HOST_VGPU;
            if (gpu.vgpuHost().isPresent() && !host) {
                throw new Bad(at + ".vgpuHost", "expected no vGPU host side on a GPU whose virtualizationMode is "
                        + gpu.virtualizationMode() + " (only HOST_VGPU has one)");
            }
            if (gpu.clocksMhz().size() != 4 || gpu.maxClocksMhz().size() != 4) {
                throw new Bad(at + (gpu.clocksMhz().size() != 4 ? ".clocksMhz" : ".maxClocksMhz"),
                        "expected 4 clocks in MHz (graphics, sm, memory, video)");
            }
            if (gpu.vgpuHost().isEmpty()) {
                continue;
            }
            SimVgpuHost h = gpu.vgpuHost().get();
            Set<Long> typeIds = new LinkedHashSet<>();
            for (SimVgpuType t : h.types()) {
                typeIds.add(t.id());
            }
            for (int v = 0; v < h.vgpus().size(); v++) {
                SimVgpu vgpu = h.vgpus().get(v);
                if (!typeIds.contains(vgpu.typeId())) {
                    throw new Bad(at + ".vgpuHost.vgpus[" + v + "].typeId", "expected one of the GPU's types "
                            + typeIds + ", got " + vgpu.typeId());
                }
            }
        }
    }

    record Reader(long shiftUs) {
    }

    static Object read(JsonNode node, Type type, String path, Reader r) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type arg = p.getActualTypeArguments()[0];
            if (raw == Optional.class) {
                return node == null || node.isNull() ? Optional.empty() : Optional.of(read(node, arg, path, r));
            }
            if (raw == List.class) {
                if (node == null) {
                    return List.of();
                }
                if (!node.isArray()) {
                    throw new Bad(path, "expected an array, got " + kind(node));
                }
                List<Object> out = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    out.add(read(node.get(i), arg, path + "[" + i + "]", r));
                }
                return out;
            }
            throw new IllegalStateException("no file mapping for " + type);
        }
        Class<?> c = unboxed((Class<?>) type);
        if (node == null || node.isNull()) {
            throw new Bad(path, "expected " + expected(c) + ", got nothing");
        }
        if (c == long.class || c == int.class) {
            if (!node.isIntegralNumber() || !node.canConvertToLong()
                    || (c == int.class && !node.canConvertToInt())) {
                throw new Bad(path, "expected " + expected(c) + ", got " + kind(node));
            }
            return c == int.class ? (Object) node.intValue() : (Object) node.longValue();
        }
        if (c == double.class) {
            if (node.isNumber()) {
                return node.doubleValue();
            }
            if (node.isTextual()) {
                switch (node.asText()) {
                    case "NaN": return Double.NaN;
                    case "Infinity": return Double.POSITIVE_INFINITY;
                    case "-Infinity": return Double.NEGATIVE_INFINITY;
                    default: break;
                }
            }
            throw new Bad(path, "expected " + expected(c) + ", got " + kind(node));
        }
        if (c == boolean.class) {
            if (!node.isBoolean()) {
                throw new Bad(path, "expected true or false, got " + kind(node));
            }
            return node.booleanValue();
        }
        if (c == String.class) {
            if (!node.isTextual()) {
                throw new Bad(path, "expected a string, got " + kind(node));
            }
            return node.textValue();
        }
        if (c.isEnum()) {
            if (node.isTextual()) {
                for (Object e : c.getEnumConstants()) {
                    if (((Enum<?>) e).name().equals(node.textValue())) {
                        return e;
                    }
                }
            }
            throw new Bad(path, "expected " + expected(c) + ", got " + kind(node));
        }
        if (c.isRecord()) {
            return readRecord(node, c, path, r);
        }
        throw new IllegalStateException("no file mapping for " + c);
    }

    /** A record class's components, their names, and its canonical constructor, looked up once per class. */
    private record RecordShape(RecordComponent[] comps, Set<String> names, Constructor<?> ctor) {
    }

    private static final ClassValue<RecordShape> SHAPES = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> c) {
            RecordComponent[] comps = c.getRecordComponents();
            Set<String> names = new LinkedHashSet<>();
            for (RecordComponent rc : comps) {
                names.add(rc.getName());
                rc.getAccessor().setAccessible(true);
            }
            try {
                Constructor<?> ctor = c.getDeclaredConstructor(
                        Arrays.stream(comps).map(RecordComponent::getType).toArray(Class<?>[]::new));
                ctor.setAccessible(true);
                return new RecordShape(comps, names, ctor);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot build " + c, e);
            }
        }
    };

    private static Object readRecord(JsonNode node, Class<?> c, String path, Reader r) {
        RecordShape shape = SHAPES.get(c);
        RecordComponent[] comps = shape.comps();
        if (!node.isObject()) {
            throw new Bad(path, "expected an object with " + names(comps) + ", got " + kind(node));
        }
        Set<String> known = shape.names();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                // at the top, the file's envelope keys are as valid as the host's
                throw new Bad(path + "." + key, "unknown key; expected one of " + (path.equals("$") && c == Scenario.class
                        ? Stream.concat(Stream.of("schema", "start"), known.stream()).toList()
                                + " or faults, timeline" : known));
            }
        }
        Object[] args = new Object[comps.length];
        for (int i = 0; i < comps.length; i++) {
            RecordComponent rc = comps[i];
            String at = path + "." + rc.getName();
            Object added = ADDED_SCALARS.get(c.getSimpleName() + "." + rc.getName());
            Object v = added != null && node.get(rc.getName()) == null ? added
                    : read(node.get(rc.getName()), rc.getGenericType(), at, r);
            Long perUs = TIME_FIELDS_PER_US.get(rc.getName());
            if (perUs != null && r.shiftUs != 0 && v instanceof Long t && t != 0) {
                v = t + r.shiftUs * perUs;
            }
            if (v instanceof LicenseExpiry e && r.shiftUs != 0 && e.year() != 0) {
                v = shift(e, r.shiftUs);
            }
            args[i] = v;
        }
        try {
            return shape.ctor().newInstance(args);
        } catch (InvocationTargetException e) {
            throw new Bad(path, "expected a valid " + c.getSimpleName() + ": " + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + c, e);
        }
    }

    /** The primitive class of a boxed one (list elements are boxed), read the same way. */
    private static Class<?> unboxed(Class<?> c) {
        if (c == Long.class) {
            return long.class;
        }
        if (c == Integer.class) {
            return int.class;
        }
        if (c == Double.class) {
            return double.class;
        }
        return c == Boolean.class ? boolean.class : c;
    }

    private static LicenseExpiry shift(LicenseExpiry e, long shiftUs) {
        ZonedDateTime t = ZonedDateTime.of((int) e.year(), e.month(), e.day(), e.hour(), e.minute(), e.second(), 0,
                ZoneOffset.UTC).plus(shiftUs, ChronoUnit.MICROS);
        return new LicenseExpiry(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(),
                t.getSecond(), e.status());
    }

    // ---- writing ----

    static JsonNode toJson(Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v instanceof Optional<?> o) {
            return o.isEmpty() ? f.nullNode() : toJson(o.get());
        }
        if (v instanceof List<?> l) {
            ArrayNode a = f.arrayNode();
            l.forEach(x -> a.add(toJson(x)));
            return a;
        }
        if (v instanceof Integer i) {
            return f.numberNode(i);
        }
        if (v instanceof Long l) {
            return f.numberNode(l);
        }
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? f.textNode(d.toString()) : f.numberNode(d);
        }
        if (v instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (v instanceof String s) {
            return f.textNode(s);
        }
        if (v instanceof Enum<?> e) {
            return f.textNode(e.name());
        }
        if (v != null && v.getClass().isRecord()) {
            ObjectNode o = f.objectNode();
            for (RecordComponent rc : SHAPES.get(v.getClass()).comps()) {
                try {
                    o.set(rc.getName(), toJson(rc.getAccessor().invoke(v)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + rc, e);
                }
            }
            return o;
        }
        throw new IllegalStateException("no file mapping for " + (v == null ? "null" : v.getClass()));
    }

    /** Consistent placeholders, by kind of value. */
    private static final class Anonymizer {
        private final Map<String, String> uuids = new java.util.HashMap<>();
        private final Map<String, String> domains = new java.util.HashMap<>();
        private final Map<Long, Long> pids = new java.util.HashMap<>();
        private final Map<String, String> processNames = new java.util.HashMap<>();

        void object(ObjectNode o, String parentKey) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                JsonNode v = e.getValue();
                if (key.equals("uuid") && v.isTextual()) {
                    e.setValue(JsonNodeFactory.instance.textNode(uuid(v.textValue())));
                } else if (key.equals("vmId") && v.isObject()) {
                    ObjectNode vm = (ObjectNode) v;
                    String id = vm.path("id").asText();
                    vm.put("id", "UUID".equals(vm.path("type").asText()) ? uuid(id)
                            : domains.computeIfAbsent(id, k -> Integer.toString(domains.size() + 1)));
                } else if (key.equals("pid") && v.isIntegralNumber()) {
                    e.setValue(JsonNodeFactory.instance.numberNode(
                            pids.computeIfAbsent(v.longValue(), k -> 10_000L + pids.size())));
                } else if ((key.equals("processName") || key.equals("name") && parentKey.equals("processes"))
                        && v.isTextual()) {
                    e.setValue(JsonNodeFactory.instance.textNode(
                            processNames.computeIfAbsent(v.textValue(), k -> "process-" + (processNames.size() + 1))));
                } else {
                    walk(v, key);
                }
            }
        }

        /** A timeline's value at {@code path}, anonymized as the key its path ends in would be. */
        JsonNode value(String path, JsonNode v) {
            String key = path.replaceAll("(\\[\\d+]|\\[[+-]])$", "");
            key = key.substring(key.lastIndexOf('.') + 1);
            ObjectNode holder = JsonNodeFactory.instance.objectNode();
            holder.set(key, v);
            object(holder, path.contains("processes") ? "processes" : "");
            return holder.get(key);
        }

        private void walk(JsonNode v, String key) {
            if (v.isObject()) {
                object((ObjectNode) v, key);
            } else if (v.isArray()) {
                for (JsonNode x : v) {
                    walk(x, key);
                }
            }
        }

        /** A placeholder UUID keeping the prefix (GPU-, MIG-) that says what it names. */
        private String uuid(String real) {
            int dash = real.indexOf('-');
            String prefix = dash > 0 && dash <= 4 && !real.substring(0, dash).matches("[0-9a-fA-F]+")
                    ? real.substring(0, dash + 1) : "";
            return uuids.computeIfAbsent(real, k -> prefix + String.format(java.util.Locale.ROOT,
                    "00000000-0000-4000-8000-%012x", uuids.size() + 1));
        }
    }

    // ---- messages ----

    private static String expected(Class<?> c) {
        if (c == int.class) {
            return "a whole number in " + Integer.MIN_VALUE + ".." + Integer.MAX_VALUE;
        }
        if (c == long.class) {
            return "a whole number";
        }
        if (c == double.class) {
            return "a number";
        }
        if (c.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object e : c.getEnumConstants()) {
                names.add("\"" + ((Enum<?>) e).name() + "\"");
            }
            return "one of " + String.join(", ", names);
        }
        if (c.isRecord()) {
            return "an object with " + names(c.getRecordComponents());
        }
        if (c == boolean.class) {
            return "true or false";
        }
        return c == String.class ? "a string" : "a " + c.getSimpleName();
    }

    private static String names(RecordComponent[] comps) {
        return Arrays.stream(comps).map(RecordComponent::getName).toList().toString();
    }

    static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        String text = n.toString();
        if (text.length() > 40) {
            text = text.substring(0, 37) + "...";
        }
        return switch (n.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "the string " + text;
            case NUMBER -> "the number " + text;
            case BOOLEAN -> text;
            case NULL -> "null";
            default -> text;
        };
    }

    /** A JSON pointer as a JSON path: {@code /gpus/0/name} is {@code $.gpus[0].name}. */
    private static String path(JsonPointer p) {
        StringBuilder b = new StringBuilder("$");
        for (JsonPointer q = p; q != null && !q.matches(); q = q.tail()) {
            if (q.getMatchingIndex() >= 0) {
                b.append('[').append(q.getMatchingIndex()).append(']');
            } else {
                b.append('.').append(q.getMatchingProperty());
            }
        }
        return b.toString();
    }

    /** A problem at a JSON path, made into one line with the file's name at the top. */
    static final class Bad extends RuntimeException {
        final String path;

        Bad(String path, String message) {
            super(message, null, false, false);
            this.path = path;
        }
    }
}
