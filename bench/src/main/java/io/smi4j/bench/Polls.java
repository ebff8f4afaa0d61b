package io.smi4j.bench;

import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;

/** Checks shared by the poll benchmarks. */
final class Polls {

    private Polls() {
    }

    /** A benchmark of a failing poll would measure the error path: refuse to run it. */
    static HostSnapshot requireClean(String host, HostSnapshot s) {
        if (s.status() != HostStatus.OK || !s.errors().isEmpty()) {
            throw new IllegalStateException(host + ": poll not clean: " + s.status() + " " + s.statusDetail() + " "
                    + s.errors());
        }
        return s;
    }
}
