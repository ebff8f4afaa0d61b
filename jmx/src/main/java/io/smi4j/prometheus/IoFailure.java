package io.smi4j.prometheus;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * What went wrong with a file, in a few words for a one-line error: Java's file exceptions carry only the path
 * as their message ({@code /etc/x.yml}), which names the file but not the problem.
 */
public final class IoFailure {

    private IoFailure() {
    }

    /** {@code e} as "no such file or directory: PATH", "permission denied: PATH", "is a directory: PATH", ... */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException f) {
            return "no such file or directory: " + f.getFile();
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (e instanceof NotDirectoryException f) {
            return "not a directory: " + f.getFile();
        }
        if (e instanceof FileSystemException f) {
            return (f.getReason() == null ? "cannot use" : f.getReason().toLowerCase(java.util.Locale.ROOT)) + ": "
                    + f.getFile();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.toLowerCase(java.util.Locale.ROOT)
                .startsWith("is a directory") ? "is a directory" : m;
    }
}
