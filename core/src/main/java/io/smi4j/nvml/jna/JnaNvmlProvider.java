package io.smi4j.nvml.jna;

import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlProvider;
import io.smi4j.nvml.NvmlSource;
import java.util.List;

/** The real {@code libnvidia-ml}, through {@link JnaNvml}: registered for {@link java.util.ServiceLoader} by core. */
public final class JnaNvmlProvider implements NvmlProvider {

    @Override
    public List<String> scenarios() {
        return List.of();
    }

    @Override
    public boolean opens(NvmlSource source) {
        return source instanceof NvmlSource.Library;
    }

    @Override
    public Nvml open(NvmlSource source) {
        if (!(source instanceof NvmlSource.Library library)) {
            throw new IllegalArgumentException("the JNA binding opens the real library, not " + source);
        }
        return library.path().map(JnaNvml::load).orElseGet(JnaNvml::load);
    }
}
