package io.smi4j.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smi4j.model.NvmlReturn;
import io.smi4j.model.VirtualizationMode;
import io.smi4j.nvml.NvmlFunction;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A scenario file's {@code faults}: a list of objects, each with a {@code "kind"}, mapped onto {@link FaultPlan}.
 *
 * <table>
 *   <caption>kinds</caption>
 *   <tr><td>{@code error}</td><td>{@code function} (optional: every call about the GPU), {@code code}, {@code gpu},
 *       {@code fromPoll} (default 1), {@code toPoll} (default: for good), {@code every} (default 1):
 *       {@link FaultPlan.Aimed}</td></tr>
 *   <tr><td>{@code forced}</td><td>{@code function}, {@code code}: the function always fails
 *       ({@link FaultPlan#forcedErrors()})</td></tr>
 *   <tr><td>{@code random}</td><td>{@code probability}, {@code codes}: any call fails now and then</td></tr>
 *   <tr><td>{@code churn}, {@code countGrowth}, {@code gpuLoss}</td><td>{@code probability}</td></tr>
 *   <tr><td>{@code lost}</td><td>{@code gpu}, {@code fromPoll} (default 1): the GPU falls off the bus in that poll
 *       and stays lost, also after a new {@code nvmlInit_v2} ({@link FaultPlan.Aimed#lostFrom})</td></tr>
 *   <tr><td>{@code hang}</td><td>{@code function}, {@code seconds} (how long the call parks, deaf to interrupts),
 *       {@code gpu} (default -1: any), {@code fromPoll} (default 1), {@code toPoll} (default: for good):
 *       {@link FaultPlan.Hang}</td></tr>
 *   <tr><td>{@code oddity}</td><td>{@code oddity} (an impossible value: {@code SAMPLE_ALL_ONES},
 *       {@code SAMPLE_OVER_HUNDRED}, {@code SAMPLE_IN_FUTURE}, {@code VGPU_FB_OVER_TYPE}, {@code GPU_USED_OVER_TOTAL}),
 *       {@code gpu}, {@code vgpu} (position in the GPU's list; default -1: each), {@code fromPoll} (default 1),
 *       {@code toPoll} (default: for good): {@link FaultPlan.Oddity}</td></tr>
 *   <tr><td>{@code modeSwitch}</td><td>{@code gpu}, {@code atPoll}, {@code mig} (true or false) and/or
 *       {@code virtualization} ({@code NONE}, {@code PASSTHROUGH}, {@code VGPU_GUEST}, {@code HOST_VGPU},
 *       {@code HOST_VSGA}): {@link FaultPlan.ModeSwitch}</td></tr>
 *   <tr><td>{@code sampleClock}</td><td>{@code fromPoll}, {@code earlierUs}: utilization sample timestamps that
 *       many microseconds behind the clock from that poll on ({@link FaultPlan.SampleClock})</td></tr>
 * </table>
 *
 * A function is NVML's name ({@code nvmlDeviceGetPowerUsage}), a code NVML's return name without its prefix
 * ({@code GPU_IS_LOST}; {@code NVML_ERROR_GPU_IS_LOST} reads too). A new kind of fault is one case in
 * {@link #read(Kind, Fields, FaultPlan)} and one in {@link #write(FaultPlan)}.
 */
final class FaultKinds {

    /** The kinds and the keys each takes besides {@code kind} (the first ones required). */
    enum Kind {
        error(List.of("code", "gpu"), List.of("function", "fromPoll", "toPoll", "every")),
        forced(List.of("function", "code"), List.of()),
        random(List.of("probability", "codes"), List.of()),
        churn(List.of("probability"), List.of()),
        countGrowth(List.of("probability"), List.of()),
        gpuLoss(List.of("probability"), List.of()),
        lost(List.of("gpu"), List.of("fromPoll")),
        hang(List.of("function", "seconds"), List.of("gpu", "fromPoll", "toPoll")),
        oddity(List.of("oddity", "gpu"), List.of("vgpu", "fromPoll", "toPoll")),
        modeSwitch(List.of("gpu", "atPoll"), List.of("mig", "virtualization")),
        sampleClock(List.of("fromPoll", "earlierUs"), List.of());

        final List<String> required;
        final List<String> optional;

        Kind(List<String> required, List<String> optional) {
            this.required = required;
            this.optional = optional;
        }
    }

    private FaultKinds() {
    }

    /** The plan {@code node} (the file's {@code faults}, null: none) describes, for a host of {@code gpus} GPUs. */
    static FaultPlan read(JsonNode node, String path, int gpus) {
        if (node == null || node.isNull()) {
            return FaultPlan.none();
        }
        if (!node.isArray()) {
            throw new ScenarioFiles.Bad(path, "expected an array of faults, each {\"kind\": ...}, got "
                    + ScenarioFiles.kind(node));
        }
        FaultPlan plan = FaultPlan.none();
        for (int i = 0; i < node.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode f = node.get(i);
            if (!f.isObject()) {
                throw new ScenarioFiles.Bad(at, "expected an object {\"kind\": ...}, got " + ScenarioFiles.kind(f));
            }
            JsonNode k = f.get("kind");
            Kind kind = null;
            for (Kind c : Kind.values()) {
                if (k != null && k.isTextual() && c.name().equals(k.textValue())) {
                    kind = c;
                }
            }
            if (kind == null) {
                throw new ScenarioFiles.Bad(at + ".kind", "expected one of " + kinds() + ", got "
                        + ScenarioFiles.kind(k));
            }
            Set<String> keys = new LinkedHashSet<>(kind.required);
            keys.addAll(kind.optional);
            for (Iterator<String> it = f.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!key.equals("kind") && !keys.contains(key)) {
                    throw new ScenarioFiles.Bad(at + "." + key, "unknown key for a fault of kind " + kind
                            + "; expected one of " + keys);
                }
            }
            Fields fields = new Fields((ObjectNode) f, at, kind);
            try {
                plan = read(kind, fields, plan);
            } catch (IllegalArgumentException e) {
                throw new ScenarioFiles.Bad(at, "expected a valid fault: " + e.getMessage());
            }
            if (f.has("gpu") && fields.integer("gpu", 0) >= gpus) {
                throw new ScenarioFiles.Bad(at + ".gpu", "expected a GPU index below " + gpus + ", got "
                        + f.get("gpu"));
            }
        }
        return plan;
    }

    /** {@code plan} with the fault of {@code kind} that {@code f} describes: one case per kind. */
    private static FaultPlan read(Kind kind, Fields f, FaultPlan plan) {
        return switch (kind) {
            case error -> plan.with(new FaultPlan.Aimed(f.function(false), f.code("code"), f.integer("gpu", -1),
                    f.whole("fromPoll", 1), f.whole("toPoll", Long.MAX_VALUE), f.integer("every", 1)));
            case forced -> plan.withForcedError(f.function(true), f.code("code"));
            case random -> new FaultPlan(f.probability(), f.codes(), plan.churnProbability(),
                    plan.countGrowthProbability(), plan.gpuLossProbability(), plan.forcedErrors(), plan.aimed(),
                    plan.hangs(), plan.oddities(), plan.switches(), plan.sampleClocks());
            case churn -> plan.withChurn(f.probability());
            case countGrowth -> plan.withCountGrowth(f.probability());
            case gpuLoss -> plan.withGpuLoss(f.probability());
            case lost -> plan.with(FaultPlan.Aimed.lostFrom(f.integer("gpu", 0), f.whole("fromPoll", 1)));
            case hang -> plan.with(new FaultPlan.Hang(f.function(true), f.integer("gpu", -1), f.whole("fromPoll", 1),
                    f.whole("toPoll", Long.MAX_VALUE), f.seconds()));
            case oddity -> plan.with(new FaultPlan.Oddity(f.named("oddity", FaultPlan.OddityKind.class, null),
                    f.integer("gpu", 0), f.integer("vgpu", -1), f.whole("fromPoll", 1),
                    f.whole("toPoll", Long.MAX_VALUE)));
            case modeSwitch -> plan.with(new FaultPlan.ModeSwitch(f.integer("gpu", 0), f.whole("atPoll", 1),
                    f.flag("mig"), f.named("virtualization", VirtualizationMode.class, null)));
            case sampleClock -> plan.with(new FaultPlan.SampleClock(f.whole("fromPoll", 1), f.whole("earlierUs", 0)));
        };
    }

    /** {@code plan} as a file's {@code faults}. */
    static ArrayNode write(FaultPlan plan) {
        JsonNodeFactory j = JsonNodeFactory.instance;
        ArrayNode out = j.arrayNode();
        for (FaultPlan.Aimed a : plan.aimed()) {
            if (a.equals(FaultPlan.Aimed.lostFrom(a.gpu(), a.fromPoll()))) {
                out.addObject().put("kind", Kind.lost.name()).put("gpu", a.gpu()).put("fromPoll", a.fromPoll());
                continue;
            }
            ObjectNode o = out.addObject().put("kind", Kind.error.name());
            if (a.function() != null) {
                o.put("function", a.function().name());
            }
            o.put("code", a.code().name()).put("gpu", a.gpu()).put("fromPoll", a.fromPoll());
            if (a.toPoll() != Long.MAX_VALUE) {
                o.put("toPoll", a.toPoll());
            }
            o.put("every", a.every());
        }
        plan.forcedErrors().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.addObject()
                .put("kind", Kind.forced.name()).put("function", e.getKey().name()).put("code", e.getValue().name()));
        if (plan.errorProbability() > 0) {
            ArrayNode codes = out.addObject().put("kind", Kind.random.name())
                    .put("probability", plan.errorProbability()).putArray("codes");
            plan.errorCodes().forEach(c -> codes.add(c.name()));
        }
        probability(out, Kind.churn, plan.churnProbability());
        probability(out, Kind.countGrowth, plan.countGrowthProbability());
        probability(out, Kind.gpuLoss, plan.gpuLossProbability());
        for (FaultPlan.Hang h : plan.hangs()) {
            ObjectNode o = out.addObject().put("kind", Kind.hang.name()).put("function", h.function().name())
                    .put("seconds", seconds(h.park()));
            if (h.gpu() >= 0) {
                o.put("gpu", h.gpu());
            }
            polls(o, h.fromPoll(), h.toPoll());
        }
        for (FaultPlan.Oddity d : plan.oddities()) {
            ObjectNode o = out.addObject().put("kind", Kind.oddity.name()).put("oddity", d.kind().name())
                    .put("gpu", d.gpu());
            if (d.vgpu() >= 0) {
                o.put("vgpu", d.vgpu());
            }
            polls(o, d.fromPoll(), d.toPoll());
        }
        for (FaultPlan.ModeSwitch m : plan.switches()) {
            ObjectNode o = out.addObject().put("kind", Kind.modeSwitch.name()).put("gpu", m.gpu())
                    .put("atPoll", m.atPoll());
            if (m.mig() != null) {
                o.put("mig", m.mig());
            }
            if (m.virtualization() != null) {
                o.put("virtualization", m.virtualization().name());
            }
        }
        for (FaultPlan.SampleClock c : plan.sampleClocks()) {
            out.addObject().put("kind", Kind.sampleClock.name()).put("fromPoll", c.fromPoll())
                    .put("earlierUs", c.earlierUs());
        }
        return out;
    }

    private static void polls(ObjectNode o, long fromPoll, long toPoll) {
        o.put("fromPoll", fromPoll);
        if (toPoll != Long.MAX_VALUE) {
            o.put("toPoll", toPoll);
        }
    }

    /** A park as a file's seconds: whole seconds as an integer, else a decimal of its nanoseconds. */
    private static java.math.BigDecimal seconds(Duration park) {
        return java.math.BigDecimal.valueOf(park.getSeconds()).add(java.math.BigDecimal.valueOf(park.getNano(), 9))
                .stripTrailingZeros();
    }

    private static void probability(ArrayNode out, Kind kind, double p) {
        if (p > 0) {
            out.addObject().put("kind", kind.name()).put("probability", p);
        }
    }

    private static List<String> kinds() {
        List<String> names = new ArrayList<>();
        for (Kind k : Kind.values()) {
            names.add("\"" + k.name() + "\"");
        }
        return names;
    }

    /** A fault's keys, read with their paths. */
    private record Fields(ObjectNode node, String path, Kind kind) {

        private Object value(String key, Type type, Object absent) {
            JsonNode v = node.get(key);
            if (v == null && !kind.required.contains(key)) {
                return absent;
            }
            return ScenarioFiles.read(v, type, path + "." + key, new ScenarioFiles.Reader(0));
        }

        int integer(String key, int absent) {
            return (int) value(key, int.class, absent);
        }

        long whole(String key, long absent) {
            return (long) value(key, long.class, absent);
        }

        Duration seconds() {
            JsonNode v = node.get("seconds");
            if (v == null || !v.isNumber() || v.decimalValue().signum() < 0) {
                throw new ScenarioFiles.Bad(path + ".seconds", "expected how long the call parks, in seconds (0 or "
                        + "more), got " + ScenarioFiles.kind(v));
            }
            java.math.BigDecimal s = v.decimalValue();
            try {
                return Duration.ofSeconds(s.longValue(), s.remainder(java.math.BigDecimal.ONE).movePointRight(9)
                        .longValue());
            } catch (ArithmeticException e) {
                throw new ScenarioFiles.Bad(path + ".seconds", "expected at most " + Long.MAX_VALUE / 1_000_000_000L
                        + " seconds, got " + v);
            }
        }

        /** A boolean key, null when absent. */
        Boolean flag(String key) {
            JsonNode v = node.get(key);
            return v == null ? null : (Boolean) value(key, boolean.class, null);
        }

        /** An enum constant by its name, {@code absent} when the key is absent. */
        <E extends Enum<E>> E named(String key, Class<E> type, E absent) {
            JsonNode v = node.get(key);
            if (v == null && !kind.required.contains(key)) {
                return absent;
            }
            if (v != null && v.isTextual()) {
                for (E e : type.getEnumConstants()) {
                    if (e.name().equals(v.textValue())) {
                        return e;
                    }
                }
            }
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                names.add(e.name());
            }
            throw new ScenarioFiles.Bad(path + "." + key, "expected one of " + names + ", got "
                    + ScenarioFiles.kind(v));
        }

        double probability() {
            return (double) value("probability", double.class, 0.0);
        }

        NvmlFunction function(boolean required) {
            JsonNode v = node.get("function");
            if (v == null && !required) {
                return null;
            }
            if (v != null && v.isTextual()) {
                try {
                    return NvmlFunction.valueOf(v.textValue());
                } catch (IllegalArgumentException e) {
                    // below
                }
            }
            throw new ScenarioFiles.Bad(path + ".function", "expected an NVML function the mock answers, such as "
                    + "\"nvmlDeviceGetPowerUsage\" (io.smi4j.nvml.NvmlFunction lists them), got "
                    + ScenarioFiles.kind(v));
        }

        NvmlReturn code(String key) {
            return code(node.get(key), path + "." + key);
        }

        List<NvmlReturn> codes() {
            JsonNode v = node.get("codes");
            if (v == null || !v.isArray() || v.isEmpty()) {
                throw new ScenarioFiles.Bad(path + ".codes", "expected a non-empty array of NVML return codes, got "
                        + ScenarioFiles.kind(v));
            }
            List<NvmlReturn> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                out.add(code(v.get(i), path + ".codes[" + i + "]"));
            }
            return out;
        }

        private static NvmlReturn code(JsonNode v, String at) {
            if (v != null && v.isTextual()) {
                String name = v.textValue().replaceFirst("^NVML_ERROR_", "").replaceFirst("^NVML_", "");
                for (NvmlReturn r : NvmlReturn.values()) {
                    if (r.name().equals(name) && r != NvmlReturn.SUCCESS) {
                        return r;
                    }
                }
            }
            List<String> names = new ArrayList<>();
            for (NvmlReturn r : NvmlReturn.values()) {
                if (r != NvmlReturn.SUCCESS) {
                    names.add(r.name());
                }
            }
            throw new ScenarioFiles.Bad(at, "expected an NVML error code, one of " + names + ", got "
                    + ScenarioFiles.kind(v));
        }
    }
}
