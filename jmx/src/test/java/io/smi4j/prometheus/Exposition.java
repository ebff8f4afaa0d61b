package io.smi4j.prometheus;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A Prometheus text exposition, parsed enough to compare families, labels and values. */
public record Exposition(String text, List<Sample> samples, Map<String, String> types) {

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    public static Exposition scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET /metrics answered " + r.statusCode());
        }
        return parse(r.body());
    }

    public static Exposition parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] p = line.split(" ");
                types.put(p[2], p[3]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                samples.add(sample(line));
            }
        }
        return new Exposition(text, samples, types);
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        if (brace < 0 || brace > line.indexOf(' ')) {
            name = line.substring(0, line.indexOf(' '));
        } else {
            name = line.substring(0, brace);
            int i = brace + 1;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String key = line.substring(i, eq);
                StringBuilder v = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char n = line.charAt(++j);
                        v.append(n == 'n' ? '\n' : n);
                    } else {
                        v.append(c);
                    }
                }
                labels.put(key, v.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
        }
        return new Sample(name, labels, Double.parseDouble(line.substring(space + 1)));
    }

    /** Names of the sampled families starting with {@code prefix}. */
    public Set<String> names(String prefix) {
        Set<String> s = new TreeSet<>();
        samples.stream().map(Sample::name).filter(n -> n.startsWith(prefix)).forEach(s::add);
        return s;
    }

    /** The samples of family {@code name}. */
    public List<Sample> family(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** Every {@code allsmi_*} sample as one comparable line per series, sorted; timestamps-free. */
    public Set<String> allsmiSeries() {
        Set<String> s = new TreeSet<>();
        for (Sample x : samples) {
            if (x.name().startsWith("allsmi_")) {
                s.add(x.name() + new TreeMap<>(x.labels()) + " " + x.value());
            }
        }
        return s;
    }
}
