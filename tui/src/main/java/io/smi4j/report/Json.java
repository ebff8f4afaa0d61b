package io.smi4j.report;

import io.smi4j.prometheus.PrometheusText;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * A small JSON writer for the model's records. Records become objects keyed by their
 * component names (so the document follows the model), lists arrays, enums their names,
 * instants and durations ISO-8601 strings. The model's "not available" numbers (negative
 * values, NaN) become {@code null}; an empty {@code Optional} leaves its key out, so a
 * non-vGPU GPU has no vGPU key at all.
 */
public final class Json {

    private final StringBuilder out = new StringBuilder(4096);
    private final boolean pretty;
    private int depth;

    private Json(boolean pretty) {
        this.pretty = pretty;
    }

    /** {@code value} as a JSON document; {@code extra} entries come first in a top-level record. */
    public static String write(Object value, Map<String, Object> extra, boolean pretty) {
        Json json = new Json(pretty);
        if (value instanceof Record r) {
            json.record(r, extra);
        } else {
            json.value(value);
        }
        return json.out.append('\n').toString();
    }

    private void value(Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            string(s);
        } else if (v instanceof Boolean b) {
            out.append(b);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            out.append(Double.isNaN(d) || Double.isInfinite(d) || d < 0 ? "null" : PrometheusText.number(d));
        } else if (v instanceof Number n) {
            long l = n.longValue();
            out.append(l < 0 ? "null" : Long.toString(l));
        } else if (v instanceof Enum<?> e) {
            string(e.name());
        } else if (v instanceof Instant || v instanceof Duration) {
            string(v.toString());
        } else if (v instanceof Optional<?> o) {
            value(o.orElse(null));
        } else if (v instanceof Record r) {
            record(r, Map.of());
        } else if (v instanceof Collection<?> c) {
            array(c);
        } else {
            string(v.toString());
        }
    }

    private void record(Record r, Map<String, Object> extra) {
        out.append('{');
        depth++;
        boolean first = true;
        for (Map.Entry<String, Object> e : extra.entrySet()) {
            first = key(e.getKey(), first);
            value(e.getValue());
        }
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(r);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
            }
            if (v instanceof Optional<?> o && o.isEmpty()) {
                continue;
            }
            first = key(c.getName(), first);
            value(v);
        }
        depth--;
        newline();
        out.append('}');
    }

    private void array(Collection<?> c) {
        out.append('[');
        depth++;
        boolean first = true;
        for (Object o : c) {
            out.append(first ? "" : ",");
            first = false;
            newline();
            value(o);
        }
        depth--;
        if (!first) {
            newline();
        }
        out.append(']');
    }

    private boolean key(String name, boolean first) {
        out.append(first ? "" : ",");
        newline();
        string(name);
        out.append(pretty ? ": " : ":");
        return false;
    }

    private void newline() {
        if (pretty) {
            out.append('\n');
            for (int i = 0; i < depth; i++) {
                out.append("  ");
            }
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        out.append('"');
    }
}
