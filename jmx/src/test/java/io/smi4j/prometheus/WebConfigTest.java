package io.smi4j.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.jmx.TestSnapshots;
import io.smi4j.testing.NvmlSdk;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web configuration file ({@code --web.config.file} format) and the embedded exporter serving
 * with it: HTTPS with a certificate made by the real {@code openssl}, bcrypt hashes made by another
 * implementation (libxcrypt, Debian's crypt(3)) than the one smi4j checks them with.
 */
class WebConfigTest {

    private static final String PASSWORD = "s3cret scrape";
    /** {@code crypt("s3cret scrape", "$2b$05$abcdefghijklmnopqrstuu")} by libxcrypt, and the same as $2y$ and $2a$. */
    private static final String HASH_2B = "$2b$05$abcdefghijklmnopqrstuuyM/ymmf2rZaeDvE6VIzpKMWbbm7eL9O";
    private static final String HASH_2Y = "$2y$05$abcdefghijklmnopqrstuuyM/ymmf2rZaeDvE6VIzpKMWbbm7eL9O";
    private static final String HASH_2A = "$2a$05$abcdefghijklmnopqrstuuyM/ymmf2rZaeDvE6VIzpKMWbbm7eL9O";

    @TempDir
    static Path dir;

    /** A self-signed certificate for 127.0.0.1 and its PKCS#8 key, as an operator makes them. */
    @BeforeAll
    static void certificate() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=smi4j-test", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", "server.key", "-out", "server.crt")
                    .directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            NvmlSdk.unavailable("openssl not installed (Debian package openssl): " + e.getMessage());
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl req: " + out);
    }

    private static Path config(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A client that trusts exactly the test certificate. */
    private static HttpClient trustingClient() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(dir.resolve("server.crt"))) {
            trust.setCertificateEntry("smi4j", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static HttpResponse<String> get(HttpClient client, String url, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void overHttpsTheRightPasswordGets200AWrongOneOrNone401AndPlainHttpNoAnswer() throws Exception {
        WebConfig web = WebConfig.load(config("web.yml", """
                tls_server_config:
                  cert_file: server.crt
                  key_file: server.key
                basic_auth_users:
                  prometheus: '%s'
                """.formatted(HASH_2Y)));
        try (EmbeddedExporter exporter = EmbeddedExporter.start("127.0.0.1", 0,
                () -> Optional.of(TestSnapshots.vgpuHost(2)), EmbeddedExporter.Limits.DEFAULT, web)) {
            String https = "https://127.0.0.1:" + exporter.port() + "/metrics";
            HttpClient client = trustingClient();

            HttpResponse<String> ok = get(client, https, basic("prometheus", PASSWORD));
            assertEquals(200, ok.statusCode());
            assertTrue(ok.body().contains("allsmi_vgpu_memory_used_bytes{"), ok.body());

            HttpResponse<String> wrong = get(client, https, basic("prometheus", "guess"));
            assertEquals(401, wrong.statusCode());
            assertEquals("Basic realm=\"smi4j\", charset=\"UTF-8\"", wrong.headers().firstValue("WWW-Authenticate").orElse(""));
            assertFalse(wrong.body().contains("allsmi_"), wrong.body());
            assertEquals(401, get(client, https, basic("someone", PASSWORD)).statusCode());
            assertEquals(401, get(client, https, null).statusCode());
            assertEquals(401, get(client, "https://127.0.0.1:" + exporter.port() + "/", null).statusCode());

            // the TLS port does not speak plain HTTP: the handshake fails and no response comes back
            IOException plain = assertThrows(IOException.class, () -> get(HttpClient.newHttpClient(),
                    "http://127.0.0.1:" + exporter.port() + "/metrics", basic("prometheus", PASSWORD)));
            assertFalse(plain instanceof ConnectException, "the port is open, only plain HTTP gets nothing: " + plain);
        }
    }

    @Test
    void passwordsWithoutTlsAreCheckedOverPlainHttp() throws Exception {
        WebConfig web = WebConfig.load(config("auth-only.yml", "basic_auth_users:\n  prometheus: '" + HASH_2B + "'\n"));
        assertTrue(web.tls().isEmpty());
        try (EmbeddedExporter exporter = EmbeddedExporter.start("127.0.0.1", 0,
                () -> Optional.of(TestSnapshots.vgpuHost(1)), EmbeddedExporter.Limits.DEFAULT, web)) {
            String http = "http://127.0.0.1:" + exporter.port() + "/metrics";
            assertEquals(200, get(HttpClient.newHttpClient(), http, basic("prometheus", PASSWORD)).statusCode());
            assertEquals(401, get(HttpClient.newHttpClient(), http, basic("prometheus", "guess")).statusCode());
        }
    }

    @Test
    void bcryptHashesOfEveryPrefixFromAnotherImplementationAreAccepted() throws Exception {
        for (String hash : new String[] {HASH_2A, HASH_2B, HASH_2Y}) {
            WebConfig web = WebConfig.load(config("users.yml", "basic_auth_users:\n  u: '" + hash + "'\n"));
            assertTrue(web.requiresAuthentication());
            assertTrue(web.authorizes(basic("u", PASSWORD)), hash);
            assertTrue(web.authorizes(basic("u", PASSWORD)), hash + ", answered from the cache");
            assertFalse(web.authorizes(basic("u", PASSWORD + "x")), hash);
            assertFalse(web.authorizes(basic("U", PASSWORD)), "user names are case-sensitive");
            assertFalse(web.authorizes("Bearer " + PASSWORD));
            assertFalse(web.authorizes("Basic not-base64!"));
            assertFalse(web.authorizes(null));
        }
    }

    @Test
    void anEmptyFileAsksForNothing() throws Exception {
        WebConfig web = WebConfig.load(config("empty.yml", ""));
        assertTrue(web.tls().isEmpty());
        assertFalse(web.requiresAuthentication());
        assertTrue(web.authorizes(null));
    }

    @Test
    void whatSmi4jDoesNotServeIsRefusedByName() throws Exception {
        IOException clientAuth = assertThrows(IOException.class, () -> WebConfig.load(config("mtls.yml", """
                tls_server_config:
                  cert_file: server.crt
                  key_file: server.key
                  client_auth_type: RequireAndVerifyClientCert
                """)));
        assertTrue(clientAuth.getMessage().contains("tls_server_config has client_auth_type, which smi4j does not serve"),
                clientAuth.getMessage());
        IOException headers = assertThrows(IOException.class, () -> WebConfig.load(config("headers.yml", """
                http_server_config:
                  headers:
                    X-Frame-Options: deny
                """)));
        assertTrue(headers.getMessage().contains("http_server_config"), headers.getMessage());
    }

    @Test
    void aBrokenFileIsRefusedWithTheReason() throws Exception {
        assertTrue(assertThrows(IOException.class, () -> WebConfig.load(config("plain.yml",
                "basic_auth_users:\n  u: plaintext-password\n"))).getMessage().contains("is not a bcrypt hash"));
        assertTrue(assertThrows(IOException.class, () -> WebConfig.load(config("missing.yml",
                "tls_server_config:\n  cert_file: nowhere.crt\n  key_file: server.key\n"))).getMessage()
                .contains("nowhere.crt"));
        assertTrue(assertThrows(IOException.class, () -> WebConfig.load(config("nokey.yml",
                "tls_server_config:\n  cert_file: server.crt\n"))).getMessage()
                .contains("tls_server_config.key_file must be a non-empty string"));
        assertTrue(assertThrows(IOException.class, () -> WebConfig.load(config("cert-as-key.yml",
                "tls_server_config:\n  cert_file: server.crt\n  key_file: server.crt\n"))).getMessage()
                .contains("is not a PEM PKCS#8 private key"));
        assertTrue(assertThrows(IOException.class, () -> WebConfig.load(config("bad.yml", "basic_auth_users: [\n")))
                .getMessage().contains("not valid YAML"));
    }

    /** The Prometheus server from Debian's package (scripts/promtool.sh --server); missing: skipped, failed under CI. */
    private static Path prometheusServer() throws Exception {
        String root = System.getProperty("smi4j.root");
        if (root == null || root.isBlank()) {
            return NvmlSdk.unavailable("system property smi4j.root not set (run the tests through Maven)");
        }
        Process p = new ProcessBuilder("bash", Path.of(root, "scripts/promtool.sh").toString(), "--server")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0 || out.isEmpty()) {
            return NvmlSdk.unavailable("the Prometheus server could not be fetched (scripts/promtool.sh --server)");
        }
        return Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
    }

    @Test
    void theRealPrometheusScrapesOverHttpsWithItsPasswordAndIsRefusedWithAWrongOne() throws Exception {
        Path server = prometheusServer();
        WebConfig web = WebConfig.load(config("prom-web.yml", """
                tls_server_config:
                  cert_file: server.crt
                  key_file: server.key
                basic_auth_users:
                  prometheus: '%s'
                """.formatted(HASH_2B)));
        try (EmbeddedExporter exporter = EmbeddedExporter.start("127.0.0.1", 0,
                () -> Optional.of(TestSnapshots.vgpuHost(3)), EmbeddedExporter.Limits.DEFAULT, web)) {
            String target = "127.0.0.1:" + exporter.port();
            Path yml = config("prometheus.yml", """
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 1s
                    scrape_configs:
                      - job_name: smi4j
                        scheme: https
                        basic_auth: {username: prometheus, password: '%1$s'}
                        tls_config: {ca_file: '%2$s'}
                        static_configs: [{targets: ['%3$s']}]
                      - job_name: wrong-password
                        scheme: https
                        basic_auth: {username: prometheus, password: guess}
                        tls_config: {ca_file: '%2$s'}
                        static_configs: [{targets: ['%3$s']}]
                    """.formatted(PASSWORD, dir.resolve("server.crt"), target));
            // a port free a moment ago may be taken before Prometheus binds it (by this JVM's own port-0 binds
            // or a neighbour): Prometheus then ends at once saying so, and the next free port is tried
            int promPort = 0;
            Process prometheus = null;
            for (int attempt = 1; prometheus == null; attempt++) {
                try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                    promPort = free.getLocalPort();
                }
                Process started = new ProcessBuilder(server.toString(), "--config.file=" + yml,
                        "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + promPort)
                        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
                boolean ended = started.waitFor(2, TimeUnit.SECONDS);
                if (ended && attempt < 5 && Files.readString(dir.resolve("prometheus.log")).contains("address already in use")) {
                    continue;
                }
                prometheus = started;
            }
            try {
                HttpClient client = HttpClient.newHttpClient();
                String api = "http://127.0.0.1:" + promPort + "/api/v1/";
                String targets = "";
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90); // an upper bound, not a timing
                while (System.nanoTime() < deadline) {
                    try {
                        targets = get(client, api + "targets", null).body();
                    } catch (IOException e) {
                        targets = ""; // still starting
                    }
                    if (targets.contains("\"health\":\"up\"") && targets.contains("\"health\":\"down\"")) {
                        break;
                    }
                    Thread.sleep(200);
                }
                assertTrue(targets.contains("\"job\":\"smi4j\""), targets + Files.readString(dir.resolve("prometheus.log")));
                assertTrue(targets.matches("(?s).*\"job\":\"smi4j\".*?\"health\":\"up\".*"),
                        "Prometheus scrapes smi4j over HTTPS with the password: " + targets);
                assertTrue(targets.matches("(?s).*\"job\":\"wrong-password\".*?\"lastError\":\"[^\"]*401[^\"]*\".*"),
                        "a wrong password is refused with 401: " + targets);
                String query = get(client, api + "query?query=allsmi_host_polls_total", null).body();
                assertTrue(query.contains("\"job\":\"smi4j\"") && query.contains("\"3\"]"),
                        "the scraped value arrived: " + query);
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
        }
    }
}
