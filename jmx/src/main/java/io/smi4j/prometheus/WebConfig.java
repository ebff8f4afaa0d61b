package io.smi4j.prometheus;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.springframework.security.crypto.bcrypt.BCrypt;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Who may scrape {@code /metrics}: the web configuration file Prometheus and its exporters share
 * ({@code --web.config.file}, prometheus/exporter-toolkit), the subset smi4j serves:
 *
 * <pre>
 * tls_server_config:
 *   cert_file: server.crt      # PEM certificate (chain), relative paths from this file's directory
 *   key_file: server.key       # PEM PKCS#8 private key ("BEGIN PRIVATE KEY"), RSA or EC
 * basic_auth_users:
 *   prometheus: $2y$10$...     # bcrypt hash ($2a$, $2b$ or $2y$), e.g. from htpasswd -nBC 10
 * </pre>
 *
 * Either part may be left out. A key smi4j does not serve (client certificates, TLS versions, cipher
 * suites, HTTP headers) is refused by name rather than ignored: a file that asks for more protection
 * than it gets must not load.
 */
public final class WebConfig {

    /** Neither TLS nor passwords: what {@link EmbeddedExporter#start(String, int, java.util.function.Supplier)} serves. */
    public static final WebConfig NONE = new WebConfig(Optional.empty(), Map.of());

    private static final Set<String> TOP_LEVEL = Set.of("tls_server_config", "basic_auth_users");
    private static final Set<String> TLS = Set.of("cert_file", "key_file");
    /** Checked for unknown users too, so that the answer takes as long whether the user exists or not. */
    private static final String NO_SUCH_USER = "$2b$10$dM.yEhfpTlrsbIx4sXPdC.zUYW5Pu6PKSlGZ.VQYf9NkzQZtVfJQu";
    private static final int CACHED_MAX = 256;

    private final Optional<SSLContext> tls;
    private final Map<String, String> users;
    /** SHA-256 of accepted "user:password:hash": bcrypt is slow by design, scrapes repeat every few seconds. */
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();

    private WebConfig(Optional<SSLContext> tls, Map<String, String> users) {
        this.tls = tls;
        this.users = Map.copyOf(users);
    }

    /**
     * Reads a web configuration file and the certificate and key it names.
     *
     * @throws IOException naming the file and what is wrong with it
     */
    public static WebConfig load(Path file) throws IOException {
        Object root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (YAMLException e) {
            if (e.getCause() instanceof IOException io) {
                throw new IOException(file + ": cannot read it: " + IoFailure.describe(io), e);
            }
            throw new IOException(file + ": not valid YAML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IOException(file + ": cannot read it: " + IoFailure.describe(e), e);
        }
        Map<String, Object> top = map(file, "the file", root == null ? Map.of() : root);
        only(file, "the file", top, TOP_LEVEL);
        Optional<SSLContext> tls = Optional.empty();
        if (top.get("tls_server_config") != null) {
            Map<String, Object> t = map(file, "tls_server_config", top.get("tls_server_config"));
            only(file, "tls_server_config", t, TLS);
            Path dir = file.toAbsolutePath().getParent();
            tls = Optional.of(sslContext(file, dir.resolve(text(file, "tls_server_config.cert_file", t.get("cert_file"))),
                    dir.resolve(text(file, "tls_server_config.key_file", t.get("key_file")))));
        }
        Map<String, String> users = new LinkedHashMap<>();
        if (top.get("basic_auth_users") != null) {
            Map<String, Object> u = map(file, "basic_auth_users", top.get("basic_auth_users"));
            for (Map.Entry<String, Object> e : u.entrySet()) {
                String hash = text(file, "basic_auth_users." + e.getKey(), e.getValue());
                if (!hash.matches("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
                    throw new IOException(file + ": basic_auth_users." + e.getKey() + " is not a bcrypt hash ($2y$...)");
                }
                users.put(e.getKey(), hash);
            }
        }
        return new WebConfig(tls, users);
    }

    /** The TLS context serving the configured certificate, when the file has {@code tls_server_config}. */
    public Optional<SSLContext> tls() {
        return tls;
    }

    /** Whether requests must carry a user and password. */
    public boolean requiresAuthentication() {
        return !users.isEmpty();
    }

    /** Whether an {@code Authorization} header value (null: none sent) names a configured user with its password. */
    public boolean authorizes(String authorization) {
        if (users.isEmpty()) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        String hash = users.get(user);
        String key = sha256(user + ":" + password + ":" + hash);
        if (hash != null && accepted.contains(key)) {
            return true;
        }
        boolean ok;
        try {
            ok = BCrypt.checkpw(password, hash != null ? hash : NO_SUCH_USER) && hash != null;
        } catch (IllegalArgumentException e) {
            ok = false; // bcrypt takes at most 72 bytes of password: a longer one matches no hash
        }
        if (ok) {
            if (accepted.size() >= CACHED_MAX) {
                accepted.clear();
            }
            accepted.add(key);
        }
        return ok;
    }

    private static SSLContext sslContext(Path file, Path certFile, Path keyFile) throws IOException {
        try {
            List<Certificate> chain;
            try (InputStream in = Files.newInputStream(certFile)) {
                chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            } catch (IOException e) {
                throw new IOException(file + ": cannot read cert_file: " + IoFailure.describe(e), e);
            }
            if (chain.isEmpty()) {
                throw new IOException(file + ": no certificate in " + certFile);
            }
            PrivateKey key = privateKey(file, keyFile, chain.get(0).getPublicKey().getAlgorithm());
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("smi4j", key, new char[0], chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": cannot use " + certFile + " and " + keyFile + ": " + e.getMessage(), e);
        }
    }

    /** The JDK reads PKCS#8 keys only; OpenSSL 1.1 and later write them by default. */
    private static PrivateKey privateKey(Path file, Path keyFile, String algorithm)
            throws IOException, GeneralSecurityException {
        String pem;
        try {
            pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IOException(file + ": cannot read key_file: " + IoFailure.describe(e), e);
        }
        String begin = "-----BEGIN PRIVATE KEY-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf("-----END PRIVATE KEY-----");
        if (from < 0 || to < from) {
            throw new IOException(file + ": " + keyFile + " is not a PEM PKCS#8 private key (\"BEGIN PRIVATE KEY\"); "
                    + "convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Path file, String what, Object value) throws IOException {
        if (!(value instanceof Map<?, ?> m) || !m.keySet().stream().allMatch(String.class::isInstance)) {
            throw new IOException(file + ": " + what + " must be a mapping");
        }
        return (Map<String, Object>) m;
    }

    private static void only(Path file, String what, Map<String, Object> m, Set<String> known) throws IOException {
        for (String key : m.keySet()) {
            if (!known.contains(key)) {
                throw new IOException(file + ": " + what + " has " + key + ", which smi4j does not serve (it serves "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String text(Path file, String what, Object value) throws IOException {
        if (!(value instanceof String s) || s.isBlank()) {
            throw new IOException(file + ": " + what + " must be a non-empty string");
        }
        return s;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }
}
