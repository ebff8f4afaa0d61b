package io.smi4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** A strict check of JSON syntax (RFC 8259), so tests need no JSON library. */
public final class JsonSyntax {

    private final String s;
    private int i;

    private JsonSyntax(String s) {
        this.s = s;
    }

    /** Fails unless {@code json} is one well-formed JSON value (surrounding whitespace allowed). */
    public static void check(String json) {
        JsonSyntax p = new JsonSyntax(json);
        p.ws();
        p.value();
        p.ws();
        assertEquals(json.length(), p.i, "trailing text at " + p.i);
    }

    private void value() {
        char c = peek();
        switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void object() {
        i++;
        ws();
        if (peek() == '}') {
            i++;
            return;
        }
        while (true) {
            ws();
            string();
            ws();
            expect(':');
            ws();
            value();
            ws();
            if (peek() == ',') {
                i++;
                continue;
            }
            expect('}');
            return;
        }
    }

    private void array() {
        i++;
        ws();
        if (peek() == ']') {
            i++;
            return;
        }
        while (true) {
            ws();
            value();
            ws();
            if (peek() == ',') {
                i++;
                continue;
            }
            expect(']');
            return;
        }
    }

    private void string() {
        expect('"');
        while (true) {
            char c = next();
            if (c == '"') {
                return;
            }
            if (c < 0x20) {
                fail("control character in a string at " + (i - 1));
            }
            if (c == '\\') {
                char e = next();
                if (e == 'u') {
                    for (int k = 0; k < 4; k++) {
                        if (Character.digit(next(), 16) < 0) {
                            fail("bad \\u escape at " + i);
                        }
                    }
                } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                    fail("bad escape at " + i);
                }
            }
        }
    }

    private void number() {
        int start = i;
        if (peek() == '-') {
            i++;
        }
        if (peek() == '0') {
            i++;
        } else {
            digits();
        }
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            digits();
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (peek() == '+' || peek() == '-') {
                i++;
            }
            digits();
        }
        if (i == start) {
            fail("unexpected character at " + i + ": " + peek());
        }
    }

    private void digits() {
        int start = i;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == start) {
            fail("digit expected at " + i);
        }
    }

    private void literal(String word) {
        if (!s.startsWith(word, i)) {
            fail("expected " + word + " at " + i);
        }
        i += word.length();
    }

    private void ws() {
        while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
    }

    private char peek() {
        if (i >= s.length()) {
            fail("unexpected end of JSON");
        }
        return s.charAt(i);
    }

    private char next() {
        char c = peek();
        i++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            fail("expected '" + c + "' at " + (i - 1));
        }
    }
}
