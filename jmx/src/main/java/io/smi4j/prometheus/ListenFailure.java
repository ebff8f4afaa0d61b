package io.smi4j.prometheus;

import java.net.BindException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Why {@code /metrics} cannot be served on an address, in words that name the cause: a port in
 * use, an address this host does not have, a name that does not resolve, a privileged port.
 * Shared by {@code smi4j api} and the agent's {@code prometheus=} option.
 */
public final class ListenFailure {

    private ListenFailure() {
    }

    /** The cause of {@code failure} (from {@link EmbeddedExporter#start}) for {@code host:port}, one line. */
    public static String describe(String host, int port, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            String lower = message.toLowerCase(Locale.ROOT);
            if (t instanceof UnknownHostException || lower.contains("unresolved")) {
                return "the host name " + host + " does not resolve";
            }
            if (t instanceof BindException || t instanceof SocketException) {
                if (lower.contains("in use")) {
                    return "port " + port + " on " + host + " is in use";
                }
                if (lower.contains("assign requested address") || lower.contains("not available")) {
                    return host + " is not an address of this host";
                }
                if (lower.contains("permission denied") || lower.contains("access")) {
                    return "permission denied (ports below 1024 need privileges)";
                }
            }
        }
        String message = failure.getMessage();
        return (message == null || message.isBlank() ? failure.getClass().getSimpleName() : message)
                .lines().map(String::strip).reduce((a, b) -> a + " " + b).orElse("");
    }
}
