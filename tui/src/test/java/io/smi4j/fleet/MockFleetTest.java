package io.smi4j.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.collect.Collector;
import io.smi4j.collect.CollectorOptions;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MockFleetTest {

    private static final int HOSTS = 50;
    private static final int FAILING = 5;

    /** Starts a fleet on a free-looking port range, trying a few ranges when one is taken. */
    private static MockFleet startFleet() throws IOException {
        CollectorOptions base = CollectorOptions.defaults().withMock("vgpu-host").withInterval(Duration.ofSeconds(2));
        IOException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            int port = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
            try {
                return MockFleet.start(HOSTS, port, FAILING, Duration.ofSeconds(2),
                        i -> Collector.openReader(base.withSeed(1 + i)));
            } catch (IOException e) {
                if (!(e.getCause() instanceof BindException)) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    @Test
    void fiftyHostsAnswerOnLoopbackAndTheFailingOnesWith503(@TempDir Path dir) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (MockFleet fleet = startFleet()) {
            Path hostsFile = dir.resolve("hosts.txt");
            fleet.writeHostsFile(hostsFile);
            List<String> lines = Files.readAllLines(hostsFile);
            assertEquals(HOSTS, lines.size());
            int ok = 0;
            int failed = 0;
            for (MockFleet.Host h : fleet.hosts()) {
                assertEquals("127.0.0.1:" + h.port(), lines.get(h.index()));
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://" + h.address()
                        + "/metrics")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (h.failing()) {
                    assertEquals(503, r.statusCode(), h.name());
                    failed++;
                } else {
                    assertEquals(200, r.statusCode(), h.name());
                    assertTrue(r.body().contains("allsmi_vgpu_utilization{host=\"" + h.name() + "\""), h.name());
                    ok++;
                }
            }
            assertEquals(HOSTS - FAILING, ok);
            assertEquals(FAILING, failed);
        }
    }

    @Test
    void hostsGetTheirOwnSeedAndOnlyLoopbackIsBound() throws Exception {
        try (MockFleet fleet = startFleet()) {
            MockFleet.Host first = fleet.hosts().get(1);
            MockFleet.Host second = fleet.hosts().get(2);
            HttpClient client = HttpClient.newHttpClient();
            String a = client.send(HttpRequest.newBuilder(URI.create("http://" + first.address() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String b = client.send(HttpRequest.newBuilder(URI.create("http://" + second.address() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(!a.replace(first.name(), "").equals(b.replace(second.name(), "")), "different simulations");
            // Loopback only: the same port on a non-loopback address of this machine can still be bound.
            for (InetAddress address : InetAddress.getAllByName(InetAddress.getLocalHost().getHostName())) {
                if (!address.isLoopbackAddress()) {
                    try (ServerSocket s = new ServerSocket(first.port(), 1, address)) {
                        assertEquals(first.port(), s.getLocalPort());
                    }
                }
            }
        }
    }
}
