package io.smi4j.bench;

import io.smi4j.nvml.Nvml;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An {@link Nvml} that forwards to another and, while recording, notes every port call with its
 * arguments: the call sequence of one poll, which the C harness replays and which gives the
 * calls per poll. A proxy, so it never sits in a measured path.
 */
final class CallRecorder implements InvocationHandler {

    /** One port call: the {@link Nvml} method's name and its arguments. */
    record Call(String method, List<Object> args) {
    }

    private final Nvml target;
    private final List<Call> calls = new ArrayList<>();
    private boolean recording;

    private CallRecorder(Nvml target) {
        this.target = target;
    }

    static CallRecorder over(Nvml target) {
        return new CallRecorder(target);
    }

    /** The recording view of the target. */
    Nvml nvml() {
        return (Nvml) Proxy.newProxyInstance(Nvml.class.getClassLoader(), new Class<?>[] {Nvml.class}, this);
    }

    /** Records the calls {@code action} makes. */
    List<Call> record(Runnable action) {
        calls.clear();
        recording = true;
        try {
            action.run();
        } finally {
            recording = false;
        }
        return List.copyOf(calls);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (recording && method.getDeclaringClass() == Nvml.class) {
            calls.add(new Call(method.getName(), args == null ? List.of() : Arrays.asList(args.clone())));
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
