package io.smi4j.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smi4j.mock.scenario.Scenario;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Timeline paths ({@code gpus[0].vgpuHost.vgpus[3].fbUsageBytes}): setting a value at one, and the changes between two hosts. */
final class Timelines {

    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z][A-Za-z0-9]*)((?:\\[\\d+])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private Timelines() {
    }

    /** Sets {@code value} at {@code path} in {@code body}; {@code where} names the change in errors. */
    static void set(ObjectNode body, String path, JsonNode value, String where) {
        String[] parts = path.split("\\.", -1);
        JsonNode at = body;
        for (int p = 0; p < parts.length; p++) {
            Matcher m = SEGMENT.matcher(parts[p]);
            if (!m.matches()) {
                throw new ScenarioFiles.Bad(where, "expected a path such as gpus[0].vgpuHost.vgpus[2].fbUsageBytes, "
                        + "got '" + path + "'");
            }
            List<Integer> indexes = new ArrayList<>();
            Matcher i = INDEX.matcher(m.group(2));
            while (i.find()) {
                indexes.add(Integer.parseInt(i.group(1)));
            }
            String key = m.group(1);
            if (!(at instanceof ObjectNode o) || !o.has(key)) {
                throw new ScenarioFiles.Bad(where, "'" + key + "' is not there at poll 1 (" + path + ")");
            }
            boolean last = p == parts.length - 1;
            if (last && indexes.isEmpty()) {
                o.set(key, value);
                return;
            }
            at = o.get(key);
            for (int k = 0; k < indexes.size(); k++) {
                int idx = indexes.get(k);
                if (!(at instanceof ArrayNode a) || idx >= a.size()) {
                    throw new ScenarioFiles.Bad(where, "no element [" + idx + "] of '" + key + "' (" + path + ")");
                }
                if (last && k == indexes.size() - 1) {
                    a.set(idx, value);
                    return;
                }
                at = a.get(idx);
            }
        }
    }

    /** The changes that make {@code before} into {@code after}: only the values that differ. */
    static Map<String, JsonNode> diff(Scenario before, Scenario after) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        diff(ScenarioFiles.toJson(before), ScenarioFiles.toJson(after), "", out);
        return out;
    }

    private static void diff(JsonNode a, JsonNode b, String path, Map<String, JsonNode> out) {
        if (a.equals(b)) {
            return;
        }
        if (a.isObject() && b.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode old = a.get(e.getKey());
                String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (old == null) {
                    out.put(at, e.getValue());
                } else {
                    diff(old, e.getValue(), at, out);
                }
            }
            return;
        }
        if (a.isArray() && b.isArray() && a.size() == b.size() && !path.isEmpty()) {
            for (int i = 0; i < b.size(); i++) {
                diff(a.get(i), b.get(i), path + "[" + i + "]", out);
            }
            return;
        }
        out.put(path, b); // a list whose length changed (a VM started or stopped), or a value
    }
}
