package io.smi4j.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class OwnProcessNsPidTest {

    @Test
    void nsPidListsThePidInEveryNamespaceOutermostFirst() {
        String status = "Name:\tjava\nTgid:\t4242\nPid:\t4242\nNSpid:\t4242\t17\t1\nNSpgid:\t4242\t17\t1\n";
        assertEquals(List.of(4242L, 17L, 1L), OwnProcess.nsPids(status));
    }

    @Test
    void aKernelWithoutNsPidGivesNone() {
        assertEquals(List.of(), OwnProcess.nsPids("Name:\tjava\nPid:\t4242\n"));
    }

    @Test
    void thisJvmsOwnStatusNamesItsPidLast() {
        OwnProcess self = OwnProcess.current();
        assertEquals(ProcessHandle.current().pid(), self.pid());
        // the innermost namespace is the one this JVM lives in
        assertEquals(self.pid(), self.namespacePids().get(self.namespacePids().size() - 1));
    }
}
