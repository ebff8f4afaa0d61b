package io.smi4j.dashboard;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The frame being drawn, as plain arrays (a character and a style per cell), and what was
 * last handed to the graphics. Lanterna checks and copies every cell it is given, which costs
 * more than drawing the whole dashboard; so a frame is composed here and only the cells that
 * differ from the previous frame on the same graphics are handed over, as cached immutable
 * {@link TextCharacter}s. Owned by one {@link ViewState}, so used from one thread.
 */
final class Frame {

    private static final TextColor.ANSI[] COLORS = TextColor.ANSI.values();
    private static final int STYLES = COLORS.length * COLORS.length * 4;

    private final TextCharacter[][] ascii = new TextCharacter[STYLES][];
    private final Map<Integer, TextCharacter> other = new HashMap<>();
    private TextGraphics target;
    private int width;
    private int height;
    private char[] chars = new char[0];
    private int[] styles = new int[0];
    private char[] shownChars = new char[0];
    private int[] shownStyles = new int[0];

    static int style(TextColor.ANSI fg, TextColor.ANSI bg, boolean bold, boolean reverse) {
        return ((fg.ordinal() * COLORS.length + bg.ordinal()) << 2) | (bold ? 2 : 0) | (reverse ? 1 : 0);
    }

    /** Starts a frame of the graphics' size, every cell blank. */
    void begin(TextGraphics graphics, int blankStyle) {
        TerminalSize size = graphics.getSize();
        int w = size.getColumns();
        int h = size.getRows();
        if (graphics != target || w != width || h != height) {
            target = graphics;
            width = w;
            height = h;
            chars = new char[w * h];
            styles = new int[w * h];
            shownChars = new char[w * h];
            shownStyles = new int[w * h];
            Arrays.fill(shownStyles, -1); // nothing shown yet: every cell differs
        }
        Arrays.fill(chars, ' ');
        Arrays.fill(styles, blankStyle);
    }

    void set(int x, int y, char ch, int style) {
        int i = y * width + x;
        chars[i] = ch;
        styles[i] = style;
    }

    /** Hands the cells that changed since the last frame to the graphics. */
    void flush() {
        for (int i = 0; i < chars.length; i++) {
            char ch = chars[i];
            int style = styles[i];
            if (ch != shownChars[i] || style != shownStyles[i]) {
                target.setCharacter(i % width, i / width, glyph(ch, style));
                shownChars[i] = ch;
                shownStyles[i] = style;
            }
        }
    }

    private TextCharacter glyph(char ch, int style) {
        if (ch < 128) {
            TextCharacter[] row = ascii[style];
            if (row == null) {
                row = new TextCharacter[128];
                ascii[style] = row;
            }
            TextCharacter t = row[ch];
            if (t == null) {
                t = make(ch, style);
                row[ch] = t;
            }
            return t;
        }
        return other.computeIfAbsent(style << 16 | ch, k -> make(ch, style));
    }

    private static TextCharacter make(char ch, int style) {
        EnumSet<SGR> modifiers = EnumSet.noneOf(SGR.class);
        if ((style & 2) != 0) {
            modifiers.add(SGR.BOLD);
        }
        if ((style & 1) != 0) {
            modifiers.add(SGR.REVERSE);
        }
        int colors = style >> 2;
        return TextCharacter.fromCharacter(ch, COLORS[colors / COLORS.length], COLORS[colors % COLORS.length],
                modifiers.toArray(SGR[]::new))[0];
    }
}
