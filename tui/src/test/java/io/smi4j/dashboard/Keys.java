package io.smi4j.dashboard;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

/** Key strokes for tests. */
final class Keys {

    private Keys() {
    }

    static KeyStroke ch(char c) {
        return new KeyStroke(c, false, false);
    }

    static KeyStroke key(KeyType type) {
        return new KeyStroke(type);
    }
}
