package io.nat64.core.session;

import java.util.Map;

/**
 * A row's condition in a reviewed transition table: words such as {@code "v6 FIN !RST handleRst"} that
 * pin some bits of an input index and leave the rest free; {@code "*"} pins nothing.
 *
 * <p>An input index holds a {@link TcpSegment} in bits 0 to 3 and the table's booleans above it, each
 * named in the word map given to {@link #parse}. {@code v4}/{@code v6} pin the side; a word pins its bit
 * set, {@code !word} pins it clear.
 */
record InputPattern(String text, int mask, int value) {

    /** Words for the segment bits, shared by every table. */
    static final Map<String, Integer> SEGMENT_WORDS =
            Map.of("SYN", TcpSegment.SYN, "FIN", TcpSegment.FIN, "RST", TcpSegment.RST);

    static InputPattern parse(String text, Map<String, Integer> extraWords) {
        int mask = 0;
        int value = 0;
        for (String word : text.trim().split("\\s+")) {
            if (word.equals("*")) {
                continue;
            }
            boolean set = !word.startsWith("!");
            String name = set ? word : word.substring(1);
            int bit;
            if (name.equals("v4") || name.equals("v6")) {
                bit = TcpSegment.FROM_IPV4;
                set = name.equals("v4");
            } else if (SEGMENT_WORDS.containsKey(name)) {
                bit = SEGMENT_WORDS.get(name);
            } else if (extraWords.containsKey(name)) {
                bit = extraWords.get(name);
            } else {
                throw new IllegalArgumentException("unknown word '" + word + "' in '" + text + "'");
            }
            if ((mask & bit) != 0) {
                throw new IllegalArgumentException("'" + text + "' pins " + name + " twice");
            }
            mask |= bit;
            value |= set ? bit : 0;
        }
        return new InputPattern(text, mask, value);
    }

    boolean matches(int input) {
        return (input & mask) == value;
    }

    @Override
    public String toString() {
        return "\"" + text + "\"";
    }
}
